import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { statsControl } from "@/lib/db/schema";

/** The limiter and pause row every worker shares (table stats_control). */
export const STATS_CONTROL = "getStatistics";

export interface CallSlot {
  /** How long to wait before calling (the slot this caller got). */
  waitMs: number;
  /** Set while the sync is paused after a frequency or quota errcode: do not call. */
  pausedUntil: Date | null;
}

/**
 * Reserves the next getStatistics call slot for this caller, all workers together: one shared row holds the
 * time of the next free slot, moved on by 1/callsPerSecond under the row lock, on the database's clock. So the
 * calls of any number of processes are spaced at most `callsPerSecond` a second.
 */
export async function reserveCallSlot(db: Db, callsPerSecond: number): Promise<CallSlot> {
  const spacing = 1 / callsPerSecond;
  const r = await db.execute<{ wait_ms: number; paused_until: string | null }>(sql`
    insert into stats_control as c (name, next_slot_at) values (${STATS_CONTROL}, clock_timestamp() + make_interval(secs => ${spacing}))
    on conflict (name) do update
      set next_slot_at = case when c.paused_until > clock_timestamp() then c.next_slot_at
                              else greatest(c.next_slot_at, clock_timestamp()) + make_interval(secs => ${spacing}) end
    returning greatest(0, extract(epoch from (next_slot_at - make_interval(secs => ${spacing}) - clock_timestamp())) * 1000)::float8 as wait_ms,
              case when paused_until > clock_timestamp() then paused_until end as paused_until`);
  const row = r.rows[0];
  return { waitMs: Number(row.wait_ms), pausedUntil: row.paused_until ? new Date(row.paused_until) : null };
}

/** Waits for a call slot; answers the pause instead when the sync is paused. */
export async function waitForCallSlot(db: Db, callsPerSecond: number, signal?: AbortSignal): Promise<{ pausedUntil: Date | null }> {
  const slot = await reserveCallSlot(db, callsPerSecond);
  if (slot.pausedUntil) return { pausedUntil: slot.pausedUntil };
  if (slot.waitMs > 0) await sleep(slot.waitMs, signal);
  return { pausedUntil: null };
}

export interface SyncPause {
  pausedUntil: Date;
  code: number;
  message: string;
}

/** Pauses every worker's sync until `until` (a frequency or quota errcode), saying why. */
export async function pauseSync(db: Db, pause: SyncPause): Promise<void> {
  await db.execute(sql`
    insert into stats_control (name, paused_until, pause_code, pause_message)
    values (${STATS_CONTROL}, ${pause.pausedUntil.toISOString()}, ${pause.code}, ${pause.message})
    on conflict (name) do update set paused_until = greatest(stats_control.paused_until, excluded.paused_until),
      pause_code = excluded.pause_code, pause_message = excluded.pause_message`);
}

/** The current pause, if any. */
export async function currentPause(db: Db): Promise<SyncPause | null> {
  const [row] = await db
    .select({ pausedUntil: statsControl.pausedUntil, ...pauseReasonColumns })
    .from(statsControl)
    .where(and(eq(statsControl.name, STATS_CONTROL), gt(statsControl.pausedUntil, sql`clock_timestamp()`)));
  return row ? { pausedUntil: row.pausedUntil!, code: row.code ?? 0, message: row.message ?? "" } : null;
}

const pauseReasonColumns = { code: statsControl.pauseCode, message: statsControl.pauseMessage };

/** Why the sync was last paused, whether or not the pause is still on (null code: never said). */
export async function lastPauseReason(db: Db): Promise<{ code: number | null; message: string }> {
  const [row] = await db.select(pauseReasonColumns).from(statsControl).where(eq(statsControl.name, STATS_CONTROL));
  return { code: row?.code ?? null, message: row?.message ?? "" };
}

/** Lifts the pause (the admin's "sync now" after fixing the quota). */
export async function clearPause(db: Db): Promise<void> {
  await db.update(statsControl).set({ pausedUntil: null, pauseCode: null, pauseMessage: null }).where(eq(statsControl.name, STATS_CONTROL));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
