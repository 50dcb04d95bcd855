import { sql } from "drizzle-orm";
import { addDays, rangeLength, type DayRange } from "@/lib/analytics/ranges";
import type { Db } from "@/lib/db";
import { ratio, type OverviewRow } from "@/lib/statistics";

/** One day of an activity's trend. */
export interface TrendPoint {
  day: string;
  smsSent: number;
  h5Users: number;
  wxappUsers: number;
  /** H5 users ÷ SMS sent (every channel's H5 users, as WeChat's totals row). */
  h5SmsRate: number;
  /** Mini-program users ÷ H5 users. */
  jumpH5Rate: number;
  /**
   * Not known yet: never fetched, or WeChat had nothing and the day may still change (today before the next
   * morning). The chart leaves a gap, never a zero.
   */
  pending: boolean;
  /** When the store last fetched the day (ISO), null when never. */
  fetchedAt: string | null;
}

/** Every day of `range` for one activity, from the store: totals over the channels, pending days marked. */
export async function getDailyTrend(db: Db, activityId: string, range: DayRange): Promise<TrendPoint[]> {
  const r = await db.execute<{ day: string; fetched_at: string; final: boolean; has_data: boolean; sms: number; h5: number; wxapp: number }>(sql`
    select day::text as day, fetched_at, final, has_data, sms_sent as sms, h5_users as h5, wxapp_users as wxapp
    from stats_days where activity_id = ${activityId} and day between ${range.from} and ${range.to}`);
  const byDay = new Map(r.rows.map((x) => [x.day, x]));
  const points: TrendPoint[] = [];
  for (let i = 0, n = rangeLength(range); i < n; i++) {
    const day = addDays(range.from, i);
    const x = byDay.get(day);
    const pending = !x || (!x.has_data && !x.final);
    const sms = x ? Number(x.sms) : 0;
    const h5 = x ? Number(x.h5) : 0;
    const wxapp = x ? Number(x.wxapp) : 0;
    points.push({ day, smsSent: sms, h5Users: h5, wxappUsers: wxapp, h5SmsRate: ratio(h5, sms), jumpH5Rate: ratio(wxapp, h5), pending, fetchedAt: x ? new Date(x.fetched_at).toISOString() : null });
  }
  return points;
}

/**
 * The range's figures per channel from the store, in the shape of WeChat's overview rows (by_channel_id "1"):
 * the sum over the days, which is what WeChat's range query answers too (distinct users per channel per day).
 */
export async function getStoredChannels(db: Db, activityId: string, range: DayRange): Promise<OverviewRow[]> {
  const r = await db.execute<{ channel_id: string; sms: number; h5: number; wxapp: number; tasks: { taskId: string; count: number }[] | null }>(sql`
    select channel_id, sum(sms_sent)::int as sms, sum(h5_users)::int as h5, sum(wxapp_users)::int as wxapp,
           (select jsonb_agg(t order by c2.day) from stats_daily c2, jsonb_array_elements(c2.send_list) t
             where c2.activity_id = ${activityId} and c2.channel_id = c.channel_id and c2.day between ${range.from} and ${range.to}) as tasks
    from stats_daily c
    where activity_id = ${activityId} and day between ${range.from} and ${range.to}
    group by channel_id`);
  const h5All = r.rows.reduce((s, x) => s + Number(x.h5), 0);
  const wxappAll = r.rows.reduce((s, x) => s + Number(x.wxapp), 0);
  return r.rows
    .map((x) => overviewRow(activityId, x.channel_id, Number(x.sms), Number(x.h5), Number(x.wxapp), x.tasks ?? [], { h5All, wxappAll }))
    .sort((a, b) => b.h5OpenUsers - a.h5OpenUsers || a.channelId.localeCompare(b.channelId));
}

/** The totals row ("all") of channel rows, as WeChat's by_channel_id "0" answers it. */
export function totalsRow(activityId: string, channels: readonly OverviewRow[]): OverviewRow {
  const sms = channels.reduce((s, c) => s + c.smsSendUsers, 0);
  const h5 = channels.reduce((s, c) => s + c.h5OpenUsers, 0);
  const wxapp = channels.reduce((s, c) => s + c.jumpWxappUsers, 0);
  return overviewRow(activityId, "all", sms, h5, wxapp, channels.flatMap((c) => c.smsSendList), { h5All: h5, wxappAll: wxapp });
}

function overviewRow(activityId: string, channelId: string, sms: number, h5: number, wxapp: number, tasks: { taskId: string; count: number }[], all: { h5All: number; wxappAll: number }): OverviewRow {
  return {
    appid: "",
    envId: "",
    activityId,
    channelId,
    h5OpenUsers: h5,
    jumpWxappUsers: wxapp,
    smsSendUsers: sms,
    smsSendList: tasks,
    jumpWxappUsersPercent: ratio(wxapp, all.wxappAll),
    h5OpenUsersPercent: ratio(h5, all.h5All),
    h5SmsRate: ratio(h5, sms),
    jumpH5Rate: ratio(wxapp, h5),
    extra: {},
  };
}

/** One activity's figures over a range, for the Compare page. */
export interface CompareFigures {
  activityId: string;
  smsSent: number;
  h5Users: number;
  wxappUsers: number;
  /** A small series for the trend line: one value per day, or per week beyond 62 days (H5, mini-program users). */
  spark: { h5: number[]; wxapp: number[] };
}

/**
 * Every activity's totals over `range` in one grouped query, with the small series for the trend lines. Days
 * are bucketed by week when the range is long, so a year stays 53 points.
 */
export async function getCompareFigures(db: Db, activityIds: readonly string[], range: DayRange): Promise<CompareFigures[]> {
  if (activityIds.length === 0) return [];
  const bucketDays = sparkBucketDays(range);
  const buckets = Math.ceil(rangeLength(range) / bucketDays);
  const r = await db.execute<{ activity_id: string; b: number; sms: number; h5: number; wxapp: number }>(sql`
    select activity_id, ((day - ${range.from}::date) / ${bucketDays})::int as b,
           sum(sms_sent)::int as sms, sum(h5_users)::int as h5, sum(wxapp_users)::int as wxapp
    from stats_days
    where activity_id = any(${sql.param([...activityIds])}::text[]) and day between ${range.from} and ${range.to}
    group by activity_id, b`);
  const out = new Map(activityIds.map((id) => [id, { activityId: id, smsSent: 0, h5Users: 0, wxappUsers: 0, spark: { h5: new Array<number>(buckets).fill(0), wxapp: new Array<number>(buckets).fill(0) } }]));
  for (const x of r.rows) {
    const f = out.get(x.activity_id)!;
    f.smsSent += Number(x.sms);
    f.h5Users += Number(x.h5);
    f.wxappUsers += Number(x.wxapp);
    f.spark.h5[Number(x.b)] += Number(x.h5);
    f.spark.wxapp[Number(x.b)] += Number(x.wxapp);
  }
  return [...out.values()];
}

/** Days per point of the Compare page's small trend lines: a day, or a week beyond 62 days. */
export function sparkBucketDays(range: DayRange): number {
  return rangeLength(range) > 62 ? 7 : 1;
}

/** When the store last heard from WeChat about an activity (the "data as of" time), null when never. */
export async function lastFetchedAt(db: Db, activityId: string): Promise<Date | null> {
  const r = await db.execute<{ at: string | null }>(sql`select max(fetched_at) as at from stats_days where activity_id = ${activityId}`);
  return r.rows[0]?.at ? new Date(r.rows[0].at) : null;
}

/** When the store last heard from WeChat about any activity: the last sync that wrote days. */
export async function lastSyncedAt(db: Db): Promise<Date | null> {
  const r = await db.execute<{ at: string | null }>(sql`select max(last_success_at) as at from stats_sync`);
  return r.rows[0]?.at ? new Date(r.rows[0].at) : null;
}
