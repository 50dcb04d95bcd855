import { addDays, daysBetween, startOfDaySeconds, todayIn } from "@/lib/analytics/ranges";

/** WeChat computes its overview per China day; the store keeps those days whatever the user's own zone. */
export const STATS_TIME_ZONE = "Asia/Shanghai";

/** The China day (`yyyy-MM-dd`) that holds `at`. */
export function chinaDayOf(at: Date): string {
  return todayIn(STATS_TIME_ZONE, at);
}

/** `[beginDate, endDate)` of one China day, in Unix seconds, as getStatistics wants it. */
export function dayBounds(day: string): { beginDate: number; endDate: number } {
  return { beginDate: startOfDaySeconds(day, STATS_TIME_ZONE), endDate: startOfDaySeconds(addDays(day, 1), STATS_TIME_ZONE) };
}

/**
 * A day is final once it was fetched at least `settleHours` after it ended: WeChat computes a day in the
 * early morning of the next, so a fetch before that may still change.
 */
export function isFinalFetch(day: string, fetchedAt: Date, settleHours: number): boolean {
  return fetchedAt.getTime() >= (dayBounds(day).endDate + settleHours * 3600) * 1000;
}

/**
 * The days a sync of an activity covers: from its start (at most `backfillDays` back, today included) to its
 * end or today, whichever comes first. Days after today do not exist yet.
 */
export function syncWindow(activity: { startAt: Date; endAt: Date } | null, now: Date, backfillDays: number): string[] {
  const today = chinaDayOf(now);
  const earliest = addDays(today, -(backfillDays - 1));
  let from = activity ? chinaDayOf(activity.startAt) : earliest;
  let to = activity ? chinaDayOf(new Date(activity.endAt.getTime() - 1)) : today;
  if (from < earliest) from = earliest;
  if (to > today) to = today;
  const days: string[] = [];
  for (let i = 0, n = daysBetween(from, to); i <= n; i++) days.push(addDays(from, i));
  return days;
}
