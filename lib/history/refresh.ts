import { and, eq, gt, sql } from "drizzle-orm";
import { addDays, rangeLength, type DayRange } from "@/lib/analytics/ranges";
import type { Db } from "@/lib/db";
import { statsSync } from "@/lib/db/schema";
import type { WechatClient } from "@/lib/wechat";
import { chinaDayOf } from "./days";
import { syncActivity, type SyncOptions, type SyncOutcome } from "./sync";

/** Days a page fetches itself before answering; a longer gap is left to the sync job and shows as pending. */
export const INLINE_FILL_DAYS = 31;
/** How long a page spends fetching before it answers with what is stored (the rest shows as pending). */
export const VIEW_FETCH_BUDGET_MS = 6_000;
/** Today is fetched again when the stored copy is older than this: a campaign sent now shows within a minute. */
export const TODAY_MAX_AGE_MS = 20_000;

/**
 * What a page needs before reading the store for `range`: today fetched live (when the range reaches today and
 * the stored copy is over 20 seconds old) and the range's never-fetched days, when they are few. Answers the
 * sync's outcome, or null when nothing had to be fetched.
 */
export async function refreshForView(
  db: Db,
  wechat: WechatClient,
  activityId: string,
  range: DayRange,
  opts: Omit<SyncOptions, "days">,
): Promise<SyncOutcome | null> {
  const now = opts.now ?? new Date();
  const today = chinaDayOf(now);
  const to = range.to > today ? today : range.to;
  if (range.from > to) return null;
  const r = await db.execute<{ day: string; fetched_at: string; final: boolean }>(sql`
    select day::text as day, fetched_at, final from stats_days where activity_id = ${activityId} and day between ${range.from} and ${to}`);
  const known = new Map(r.rows.map((x) => [x.day, x]));
  const missing: string[] = [];
  for (let i = 0, n = rangeLength({ from: range.from, to }); i < n; i++) {
    const day = addDays(range.from, i);
    const x = known.get(day);
    if (!x) missing.push(day);
    else if (day === today && now.getTime() - new Date(x.fetched_at).getTime() > TODAY_MAX_AGE_MS) missing.push(day);
  }
  if (missing.length === 0) return null;
  const days = missing.length <= INLINE_FILL_DAYS ? missing : missing.filter((d) => d === today);
  if (days.length === 0) return null;
  const signal = opts.signal ?? AbortSignal.timeout(VIEW_FETCH_BUDGET_MS);
  const outcome = await syncActivity(db, wechat, activityId, { ...opts, days, signal });
  if (outcome.status !== "busy") return outcome;
  // Another sync of this activity (the backfill, say) is writing these very days: wait for it, then fill what it left.
  if (!(await waitForLease(db, activityId, signal))) return outcome;
  return syncActivity(db, wechat, activityId, { ...opts, days, signal });
}

async function waitForLease(db: Db, activityId: string, signal: AbortSignal): Promise<boolean> {
  while (!signal.aborted) {
    const leased = await db
      .select({ activityId: statsSync.activityId })
      .from(statsSync)
      .where(and(eq(statsSync.activityId, activityId), gt(statsSync.leaseUntil, sql`clock_timestamp()`)));
    if (leased.length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}
