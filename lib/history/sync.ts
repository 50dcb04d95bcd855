import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { activities, statsSync } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { decodeOverview, fetchAllPages } from "@/lib/statistics";
import { isWechatError, type WechatClient, type WechatError } from "@/lib/wechat";
import { chinaDayOf, dayBounds, isFinalFetch, syncWindow } from "./days";
import { lastPauseReason, pauseSync, waitForCallSlot } from "./limiter";
import { channelFigures, finalDays, writeDay } from "./store";

export interface SyncOptions {
  /** The clock (tests move the emulator's). */
  now?: Date;
  backfillDays: number;
  settleHours: number;
  callsPerSecond: number;
  /** Days fetched at once within this sync (each still waits for its call slot). Default 4. */
  concurrency?: number;
  /** Only these days (e.g. today for a live refresh); default: every day of the window not yet final. */
  days?: string[];
  signal?: AbortSignal;
  /**
   * How long the lease holds without progress before another sync may take the activity over. Renewed before each
   * call, so a sync that stops moving (its process killed, or stuck) holds the activity
   * for at most this long. Default 1 minute: longer than one call with all its retries (4 × 10 s and the waits).
   */
  leaseMs?: number;
}

export type SyncOutcome =
  | { status: "done"; days: number; calls: number }
  /** Another sync of this activity holds the lease. */
  | { status: "busy" }
  /** WeChat's frequency or quota limit: every sync waits until `until`. */
  | { status: "paused"; days: number; calls: number; until: Date; code: number }
  /** Stopped by `signal` (a page's time budget, a stopping worker): the days written so far stay, no backoff. */
  | { status: "stopped"; days: number; calls: number }
  /** A failure: the days written so far stay; the next sync retries after `retryAfter`. */
  | { status: "failed"; days: number; calls: number; code: number; message: string; retryAfter: Date };

/**
 * Fetches an activity's days from getStatistics into the store: every day of its window that is not final
 * yet (the whole window the first time: the backfill; afterwards today and the days still settling). One
 * overview call per China day with `by_channel_id "1"`; each day is written whole. Only one sync of an
 * activity runs at a time (a lease in stats_sync), and calls keep to the shared limit.
 *
 * WeChat's answers: 10011 is a day of zeros (pending while it may still change); -1 after the client's own
 * retries ends this sync with a growing backoff; a frequency (45011) or quota (45009, SMS pack) errcode pauses
 * every sync and says so.
 */
export async function syncActivity(db: Db, wechat: WechatClient, activityId: string, opts: SyncOptions): Promise<SyncOutcome> {
  const now = opts.now ?? new Date();
  const token = crypto.randomUUID();
  const leaseMs = opts.leaseMs ?? 60_000;
  if (!(await takeLease(db, activityId, token, now, leaseMs))) return { status: "busy" };
  let days = 0;
  let calls = 0;
  // What each of the sync's days is doing, for the warning a sync still running after a minute logs.
  const doing = new Map<string, string>();
  const started = Date.now();
  const watchdog = setInterval(
    () => log.warn({ activityId, seconds: Math.round((Date.now() - started) / 1000), days, calls, doing: Object.fromEntries(doing) }, "statistics sync still running"),
    60_000,
  );
  watchdog.unref();
  try {
    const [activity] = await db.select({ startAt: activities.startAt, endAt: activities.endAt }).from(activities).where(eq(activities.id, activityId));
    const done = await finalDays(db, activityId);
    const wanted = (opts.days ?? syncWindow(activity ?? null, now, opts.backfillDays)).filter((d) => !done.has(d));
    // Newest first: today and yesterday matter most to whoever is looking.
    const queue = [...wanted].reverse();
    const abort = new AbortController();
    const onOuterAbort = () => abort.abort(opts.signal?.reason);
    opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
    const halt: { stop: { pause?: Date; error?: WechatError | Error } | null } = { stop: null };

    const worker = async () => {
      while (!halt.stop && queue.length > 0) {
        const day = queue.shift()!;
        try {
          let slot: { pausedUntil: Date | null };
          try {
            doing.set(day, "waiting for a call slot");
            slot = await waitForCallSlot(db, opts.callsPerSecond, abort.signal);
          } catch (e) {
            // Another day failed (its error is the one to report) or the caller stopped the sync.
            if (abort.signal.aborted) return;
            throw e;
          }
          if (slot.pausedUntil) {
            halt.stop ??= { pause: slot.pausedUntil };
            return;
          }
          if (halt.stop) return;
          try {
            doing.set(day, "renewing the lease");
            if (!(await renewLease(db, activityId, token, leaseMs))) throw new LeaseLost();
            doing.set(day, "calling WeChat");
            calls++;
            const pages = await fetchAllPages((page) =>
              wechat.getStatistics(
                { action: "smsMarketingOverviewData", ...dayBounds(day), condition: { activityId, byChannelId: "1" }, ...page },
                { signal: abort.signal },
              ),
            );
            const fetchedAt = opts.now ?? new Date();
            const rows = decodeOverview(pages);
            doing.set(day, "writing the day");
            await writeDay(db, { activityId, day, fetchedAt, final: isFinalFetch(day, fetchedAt, opts.settleHours), hasData: rows.length > 0, channels: channelFigures(rows) });
            days++;
          } catch (e) {
            halt.stop ??= { error: e as Error };
            abort.abort();
            return;
          }
        } finally {
          doing.delete(day);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, queue.length)) }, worker));
    } finally {
      opts.signal?.removeEventListener("abort", onOuterAbort);
    }

    const stop = halt.stop;
    doing.clear();
    doing.set("sync", "recording the outcome");
    // Another sync took the activity over after this one stood still past its lease: the outcome is that one's to record.
    if (stop?.error instanceof LeaseLost) return { status: "busy" };
    if (stop?.pause) {
      const pause = await currentPauseCode(db);
      await finish(db, activityId, token, now, { days, errorCode: pause.code, error: pause.message, success: false });
      return { status: "paused", days, calls, until: stop.pause, code: pause.code };
    }
    if (opts.signal?.aborted) return await stopped(db, activityId, token, now, days, calls);
    if (stop?.error) return await failed(db, activityId, token, now, days, calls, stop.error);
    await finish(db, activityId, token, now, { days, success: true });
    return { status: "done", days, calls };
  } catch (e) {
    if (opts.signal?.aborted) return await stopped(db, activityId, token, now, days, calls);
    return await failed(db, activityId, token, now, days, calls, e as Error);
  } finally {
    clearInterval(watchdog);
  }
}

class LeaseLost extends Error {
  constructor() {
    super("the sync's lease ran out and another sync took the activity over");
  }
}

/** Moves this sync's lease on by `leaseMs`; false when it is no longer this sync's (it ran out and was taken). */
async function renewLease(db: Db, activityId: string, token: string, leaseMs: number): Promise<boolean> {
  const r = await db.execute(sql`
    update stats_sync set lease_until = clock_timestamp() + make_interval(secs => ${leaseMs / 1000})
    where activity_id = ${activityId} and lease_token = ${token}
    returning activity_id`);
  return r.rows.length > 0;
}

async function stopped(db: Db, activityId: string, token: string, now: Date, days: number, calls: number): Promise<SyncOutcome> {
  await db
    .update(statsSync)
    .set({ leaseToken: null, leaseUntil: null, lastFinishedAt: now, lastDays: days })
    .where(and(eq(statsSync.activityId, activityId), eq(statsSync.leaseToken, token)));
  return { status: "stopped", days, calls };
}

async function failed(db: Db, activityId: string, token: string, now: Date, days: number, calls: number, error: Error): Promise<SyncOutcome> {
  const wechatError = isWechatError(error) ? error : null;
  const code = wechatError?.code ?? -1000;
  const message = wechatError ? `${wechatError.code} ${wechatError.errmsg}`.trim() : error.message;
  if (wechatError && (wechatError.kind === "rate" || wechatError.kind === "quota")) {
    const until = wechatError.kind === "rate" ? nextMinute(now) : nextChinaMidnight(now);
    await pauseSync(db, { pausedUntil: until, code, message });
    await finish(db, activityId, token, now, { days, errorCode: code, error: message, success: false });
    log.warn({ activityId, code, until }, "statistics sync paused by WeChat's limit");
    return { status: "paused", days, calls, until, code };
  }
  const failures = await finish(db, activityId, token, now, { days, errorCode: code, error: message, success: false });
  // -1 (busy) and everything else: back off, doubling from 30 s up to 30 minutes.
  const retryAfter = new Date(now.getTime() + Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, failures - 1)));
  await db.update(statsSync).set({ retryAfter }).where(eq(statsSync.activityId, activityId));
  log.warn({ activityId, code, kind: wechatError?.kind, retryAfter }, "statistics sync failed");
  return { status: "failed", days, calls, code, message, retryAfter };
}

async function currentPauseCode(db: Db): Promise<{ code: number; message: string }> {
  const { code, message } = await lastPauseReason(db);
  // A pause no one explained is taken for the quota's.
  return { code: code ?? 45011, message };
}

async function takeLease(db: Db, activityId: string, token: string, now: Date, leaseMs: number): Promise<boolean> {
  const r = await db.execute(sql`
    insert into stats_sync as s (activity_id, lease_token, lease_until, last_started_at)
    values (${activityId}, ${token}, clock_timestamp() + make_interval(secs => ${leaseMs / 1000}), ${now.toISOString()})
    on conflict (activity_id) do update set lease_token = excluded.lease_token, lease_until = excluded.lease_until, last_started_at = excluded.last_started_at
      where s.lease_until is null or s.lease_until < clock_timestamp()
    returning activity_id`);
  return r.rows.length > 0;
}

/** Records how the sync went and gives the lease back; answers the failures in a row. */
async function finish(db: Db, activityId: string, token: string, now: Date, o: { days: number; success: boolean; errorCode?: number; error?: string }): Promise<number> {
  const r = await db.execute<{ failures: number }>(sql`
    update stats_sync set lease_token = null, lease_until = null, last_finished_at = ${now.toISOString()}, last_days = ${o.days},
      last_success_at = case when ${o.success} then ${now.toISOString()}::timestamptz else last_success_at end,
      last_error_code = ${o.errorCode ?? null}, last_error = ${o.error ?? null},
      failures = case when ${o.success} then 0 else failures + 1 end,
      retry_after = case when ${o.success} then null else retry_after end
    where activity_id = ${activityId} and lease_token = ${token}
    returning failures`);
  return Number(r.rows[0]?.failures ?? 1);
}

function nextMinute(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
}

/** WeChat's daily quotas reset at midnight China time. */
function nextChinaMidnight(now: Date): Date {
  return new Date(dayBounds(chinaDayOf(now)).endDate * 1000);
}
