import { z } from "zod";
import { activityIdSchema } from "@/lib/activities/activities";
import { isDay, MAX_RANGE_DAYS, rangeLength } from "./ranges";
import type { OverviewRow, RealtimeChartPoint } from "@/lib/statistics";

/**
 * The analytics API's request and response shapes, declared once: the route handlers parse requests with these,
 * the browser builds its URLs from the same fields.
 */

const unixSeconds = z.coerce.number().int().min(0).max(4_102_444_800);
const activityId = activityIdSchema;
const channelId = z.string().trim().min(1).max(64);

const range = { beginDate: unixSeconds, endDate: unixSeconds };
const rangeIsValid = (q: { beginDate: number; endDate: number }) => q.endDate > q.beginDate && q.endDate - q.beginDate <= 367 * 86400;
const rangeMessage = { message: "endDate must be after beginDate, at most 367 days later", path: ["endDate"] };

export const overviewRequest = z
  .object({ activityId, ...range, byChannel: z.enum(["0", "1"]).default("0") })
  .refine(rangeIsValid, rangeMessage);
export type OverviewRequest = z.infer<typeof overviewRequest>;

export const conversionRequest = z.object({ activityId, channelId, ...range }).refine(rangeIsValid, rangeMessage);
export type ConversionRequest = z.infer<typeof conversionRequest>;

export const realtimeRequest = z
  .object({ activityId, channelId, ...range })
  .refine((q) => q.endDate > q.beginDate && q.endDate - q.beginDate <= 48 * 3600, { message: "at most 48 hours", path: ["endDate"] });
export type RealtimeRequest = z.infer<typeof realtimeRequest>;

export interface OverviewResponse {
  rows: OverviewRow[];
}
export interface ConversionResponse {
  /** null when WeChat has no data for that channel (10011). */
  row: OverviewRow | null;
}
export interface RealtimeResponse {
  points: RealtimeChartPoint[];
  /** Server time of the answer, Unix seconds (the "last updated" time and the live edge). */
  asOf: number;
}

export interface ActivityOption {
  id: string;
  name: string;
  /** The activity's own channels (id → name), to name the channels in charts and selectors. */
  channels: { id: string; name: string }[];
}

/** What every failed analytics request answers, so one component can explain it. */
export interface AnalyticsProblem {
  /** `wechat` for a WeChat error (then `kind`, `code`, `messageKey` are set), otherwise the app's own code. */
  source: "wechat" | "app";
  code: string | number;
  kind?: string;
  messageKey?: string;
  errmsg?: string;
  message?: string;
}

// Server actions (one per view) ----------------------------------------------------------------------------

const day = z.string().refine((v) => isDay(v), { message: "must be a day written yyyy-MM-dd" });
const dayRange = { from: day, to: day };
const dayRangeIsValid = (q: { from: string; to: string }) => q.from <= q.to && rangeLength(q) <= MAX_RANGE_DAYS;
const dayRangeMessage = { message: `to must not be before from, at most ${MAX_RANGE_DAYS} days later`, path: ["to"] };

export const overviewViewRequest = z.object({ activityId, ...dayRange }).refine(dayRangeIsValid, dayRangeMessage);
export type OverviewViewRequest = z.infer<typeof overviewViewRequest>;

export const compareViewRequest = z.object(dayRange).refine(dayRangeIsValid, dayRangeMessage);
export type CompareViewRequest = z.infer<typeof compareViewRequest>;
