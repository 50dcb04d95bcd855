import { TZDate } from "@date-fns/tz";

/**
 * Date ranges for the analytics pages, in whole days of the user's time zone. A day is written `yyyy-MM-dd`
 * (what the URL carries); `to` is inclusive. Calendar arithmetic is done on the day strings, and only the final
 * conversion to Unix seconds looks at the time zone, so daylight-saving changes cannot shift a day.
 */

export interface DayRange {
  /** First day, `yyyy-MM-dd`. */
  from: string;
  /** Last day, inclusive, `yyyy-MM-dd`. */
  to: string;
}

export type RangePresetKey = "today" | "yesterday" | "last7" | "last30" | "thisMonth";

/**
 * The presets as a table: each turns "today" (in the user's zone) into a range. Overview figures for a day are
 * ready the next morning, so the rolling presets end yesterday and compare whole days with whole days.
 */
export const RANGE_PRESETS: readonly { key: RangePresetKey; range: (today: string) => DayRange }[] = [
  { key: "today", range: (today) => ({ from: today, to: today }) },
  { key: "yesterday", range: (today) => ({ from: addDays(today, -1), to: addDays(today, -1) }) },
  { key: "last7", range: (today) => ({ from: addDays(today, -7), to: addDays(today, -1) }) },
  { key: "last30", range: (today) => ({ from: addDays(today, -30), to: addDays(today, -1) }) },
  { key: "thisMonth", range: (today) => ({ from: `${today.slice(0, 8)}01`, to: today }) },
];

export const DEFAULT_RANGE_PRESET: RangePresetKey = "last7";

/** The longest range a user may ask for (WeChat's own CMS shows at most a year). */
export const MAX_RANGE_DAYS = 366;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = DAY_PATTERN.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** `day` plus `n` calendar days (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = a.split("-").map(Number);
  const [yb, mb, db] = b.split("-").map(Number);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/** Number of days in the range, both ends included. */
export function rangeLength(range: DayRange): number {
  return daysBetween(range.from, range.to) + 1;
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const local = new TZDate(now.getTime(), timeZone);
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** Unix seconds of local midnight at the start of `day` in `timeZone`. */
export function startOfDaySeconds(day: string, timeZone: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Math.round(new TZDate(y, m - 1, d, timeZone).getTime() / 1000);
}

/** The range as getStatistics wants it: `[beginDate, endDate)` in Unix seconds. */
export function toUnixRange(range: DayRange, timeZone: string): { beginDate: number; endDate: number } {
  return { beginDate: startOfDaySeconds(range.from, timeZone), endDate: startOfDaySeconds(addDays(range.to, 1), timeZone) };
}

/** The period of the same length that ends the day before `range` starts. */
export function previousPeriod(range: DayRange): DayRange {
  const length = rangeLength(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

export function presetRange(key: RangePresetKey, today: string): DayRange {
  const preset = RANGE_PRESETS.find((p) => p.key === key) ?? RANGE_PRESETS.find((p) => p.key === DEFAULT_RANGE_PRESET)!;
  return preset.range(today);
}

export type RangeChoice = { preset: RangePresetKey; range: DayRange } | { preset: "custom"; range: DayRange };

/**
 * What the URL says (`range=last7`, or `range=custom&from=…&to=…`), made valid: an unknown preset or a broken
 * custom range falls back to the default preset; a custom range is put in order, kept out of the future and cut
 * to MAX_RANGE_DAYS.
 */
export function resolveRange(params: { range?: string | null; from?: string | null; to?: string | null }, today: string): RangeChoice {
  if (params.range === "custom" && isDay(params.from) && isDay(params.to)) {
    let [from, to] = params.from <= params.to ? [params.from, params.to] : [params.to, params.from];
    if (to > today) to = today;
    if (from > to) from = to;
    if (rangeLength({ from, to }) > MAX_RANGE_DAYS) from = addDays(to, -(MAX_RANGE_DAYS - 1));
    return { preset: "custom", range: { from, to } };
  }
  const preset = RANGE_PRESETS.some((p) => p.key === params.range) ? (params.range as RangePresetKey) : DEFAULT_RANGE_PRESET;
  return { preset, range: presetRange(preset, today) };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

// Real-time ------------------------------------------------------------------------------------------------

export const REALTIME_WINDOWS_HOURS = [1, 3, 6, 12, 24] as const;
export type RealtimeWindowHours = (typeof REALTIME_WINDOWS_HOURS)[number];
export const DEFAULT_REALTIME_HOURS: RealtimeWindowHours = 12;

export function resolveRealtimeHours(value: string | null | undefined): RealtimeWindowHours {
  const n = Number(value);
  return (REALTIME_WINDOWS_HOURS as readonly number[]).includes(n) ? (n as RealtimeWindowHours) : DEFAULT_REALTIME_HOURS;
}

/**
 * The real-time window: the last `hours` hours of 5-minute buckets, ending with the bucket that holds `now`
 * (the live edge, still filling up).
 */
export function realtimeWindow(nowSeconds: number, hours: number, bucketSeconds = 300): { beginDate: number; endDate: number; liveBucket: number } {
  const liveBucket = Math.floor(nowSeconds / bucketSeconds) * bucketSeconds;
  const endDate = liveBucket + bucketSeconds;
  return { beginDate: endDate - hours * 3600, endDate, liveBucket };
}
