import { listActivities, type ActivityState } from "@/lib/activities";
import type { AppConfig } from "@/lib/config";
import type { Db } from "@/lib/db";
import {
  chinaDayOf, costByActivity, costPer, sparkBucketDays, currentPause, getCompareFigures, getDailyTrend, getStoredChannels, getTaskCosts, lastFetchedAt, lastSyncedAt, refreshForView, totalsRow,
  type SyncOutcome, type TaskCost, type TrendPoint,
} from "@/lib/history";
import { variantChannelIds } from "@/lib/abtests/channels";
import { foldSmsVariants, ratio, SMS_CHANNEL, smsRowWithVariants, type OverviewRow, type RealtimeChartPoint } from "@/lib/statistics";
import type { WechatClient } from "@/lib/wechat";
import { getConversion, getOverview, getRealtime } from "./queries";
import { addDays, previousPeriod, type DayRange } from "./ranges";
import type { ConversionRequest, RealtimeRequest } from "./schemas";

/**
 * One function per analytics view: everything the view draws, gathered in parallel on the server. The server
 * actions in app/(app)/analytics/actions.ts call these after checking the session and the role.
 */

export interface ViewDeps {
  db: Db;
  wechat: WechatClient;
  stats: AppConfig["stats"];
  now?: Date;
}

/** How fresh the store's figures are, and why not when WeChat could not be asked. */
export interface Freshness {
  /** The last time the store heard from WeChat about this view (ISO), null when never. */
  asOf: string | null;
  /** WeChat could not be asked just now: the figures are the stored ones ("data as of HH:MM"). */
  problem: { code: number; message: string } | null;
  /** The sync is paused by a WeChat frequency or quota limit until then (ISO). */
  pausedUntil: string | null;
  pauseCode: number | null;
}

export interface CostSummary {
  billedSegments: number;
  /** CNY; null when a task in the period has no price (none set yet). */
  cost: number | null;
  costPerH5User: number | null;
  costPerWxappUser: number | null;
}

export interface OverviewView {
  range: DayRange;
  previous: DayRange;
  /** Rows per channel (the pies), summed over the range's days from the store, A/B variant channels counted as SMS. */
  channels: OverviewRow[];
  /** The totals row, null when the store has no figures for the range. */
  totals: OverviewRow | null;
  previousTotals: OverviewRow | null;
  trend: TrendPoint[];
  cost: { current: CostSummary; previous: CostSummary };
  /** The send tasks WeChat reported in the range, with the ledger's figures when the task is Hongyan's. */
  tasks: OverviewTask[];
  freshness: Freshness;
}

export interface OverviewTask {
  taskId: string;
  /** Numbers WeChat counts for the task (sms_send_list). */
  reported: number;
  ledger: TaskCost | null;
}

function syncOpts(deps: ViewDeps) {
  return { now: deps.now, backfillDays: deps.stats.backfillDays, settleHours: deps.stats.settleHours, callsPerSecond: deps.stats.callsPerSecond };
}

async function freshness(deps: ViewDeps, outcome: SyncOutcome | null, asOf: Promise<Date | null>): Promise<Freshness> {
  const [at, pause] = await Promise.all([asOf, currentPause(deps.db)]);
  const problem = outcome && (outcome.status === "failed" || outcome.status === "paused") ? { code: outcome.code, message: outcome.status === "failed" ? outcome.message : "" } : null;
  return { asOf: at?.toISOString() ?? null, problem, pausedUntil: pause?.pausedUntil.toISOString() ?? null, pauseCode: pause?.code ?? null };
}

function costSummary(tasks: readonly TaskCost[], totals: OverviewRow | null): CostSummary {
  const billedSegments = tasks.reduce((s, t) => s + t.billedSegments, 0);
  const cost = tasks.some((t) => t.cost === null) ? null : tasks.reduce((s, t) => s + (t.cost ?? 0), 0);
  return { billedSegments, cost, costPerH5User: costPer(cost, totals?.h5OpenUsers ?? 0), costPerWxappUser: costPer(cost, totals?.jumpWxappUsers ?? 0) };
}

/** The overview: tiles and pies from the store for finished days plus today fetched live, the daily trend, costs. */
export async function overviewView(deps: ViewDeps, q: { activityId: string; range: DayRange }): Promise<OverviewView> {
  const { db } = deps;
  const previous = previousPeriod(q.range);
  const outcome = await refreshForView(db, deps.wechat, q.activityId, q.range, syncOpts(deps));
  const [channels, previousChannels, trend, tasksNow, tasksBefore, fresh, variants] = await Promise.all([
    getStoredChannels(db, q.activityId, q.range),
    getStoredChannels(db, q.activityId, previous),
    getDailyTrend(db, q.activityId, q.range),
    getTaskCosts(db, { activityIds: [q.activityId], range: q.range }),
    getTaskCosts(db, { activityIds: [q.activityId], range: previous }),
    freshness(deps, outcome, lastFetchedAt(db, q.activityId)),
    variantChannelIds(db, q.activityId),
  ]);
  const totals = channels.length > 0 ? totalsRow(q.activityId, channels) : null;
  const previousTotals = previousChannels.length > 0 ? totalsRow(q.activityId, previousChannels) : null;
  const ledger = new Map(tasksNow.map((t) => [t.taskId, t]));
  return {
    range: q.range,
    previous,
    // WeChat counts sends on _cms_sms_ only: the SMS slice includes the A/B variant channels (lib/statistics README).
    channels: foldSmsVariants(channels, variants),
    totals,
    previousTotals,
    trend,
    cost: { current: costSummary(tasksNow, totals), previous: costSummary(tasksBefore, previousTotals) },
    tasks: (totals?.smsSendList ?? []).map((t) => ({ taskId: t.taskId, reported: t.count, ledger: ledger.get(t.taskId) ?? null })),
    freshness: fresh,
  };
}

export interface CompareRow {
  activityId: string;
  name: string;
  state: ActivityState;
  smsSent: number;
  h5Users: number;
  wxappUsers: number;
  h5SmsRate: number;
  jumpH5Rate: number;
  billedSegments: number;
  cost: number | null;
  costPerH5User: number | null;
  costPerWxappUser: number | null;
  spark: { h5: number[]; wxapp: number[] };
}

export interface CompareView {
  range: DayRange;
  rows: CompareRow[];
  /** Days per point of the small trend lines (1, or 7 for long ranges). */
  sparkDays: number;
  freshness: Freshness;
}

/** Every activity over a range, from the store only (no live call: one page, many activities). */
export async function compareView(deps: ViewDeps, q: { range: DayRange }): Promise<CompareView> {
  const { db } = deps;
  const activities = await listActivities(db, { now: deps.now, limit: 1000 });
  const ids = activities.map((a) => a.id);
  const [figures, tasks, fresh] = await Promise.all([
    getCompareFigures(db, ids, q.range),
    getTaskCosts(db, { activityIds: ids, range: q.range }),
    freshness(deps, null, lastSyncedAt(db)),
  ]);
  const costs = costByActivity(tasks);
  const byId = new Map(figures.map((f) => [f.activityId, f]));
  const rows = activities.map((a): CompareRow => {
    const f = byId.get(a.id)!;
    const c = costs.get(a.id) ?? { billedSegments: 0, cost: 0 };
    return {
      activityId: a.id,
      name: a.name,
      state: a.state,
      smsSent: f.smsSent,
      h5Users: f.h5Users,
      wxappUsers: f.wxappUsers,
      h5SmsRate: ratio(f.h5Users, f.smsSent),
      jumpH5Rate: ratio(f.wxappUsers, f.h5Users),
      billedSegments: c.billedSegments,
      cost: c.cost,
      costPerH5User: costPer(c.cost, f.h5Users),
      costPerWxappUser: costPer(c.cost, f.wxappUsers),
      spark: f.spark,
    };
  });
  return { range: q.range, rows, sparkDays: sparkBucketDays(q.range), freshness: fresh };
}

export interface FunnelView {
  row: OverviewRow | null;
  channels: OverviewRow[];
}

/**
 * The funnel of one channel and every channel side by side, live from WeChat. The SMS funnel counts the A/B
 * variant channels' visitors as SMS (lib/statistics README), so it is made from the by-channel rows then.
 */
export async function funnelView(deps: ViewDeps, q: ConversionRequest): Promise<FunnelView> {
  const variants = q.channelId === SMS_CHANNEL ? await variantChannelIds(deps.db, q.activityId) : [];
  const [row, channels] = await Promise.all([
    variants.length === 0 ? getConversion(deps.wechat, q) : Promise.resolve(null),
    getOverview(deps.wechat, { activityId: q.activityId, beginDate: q.beginDate, endDate: q.endDate, byChannel: "1" }),
  ]);
  return { row: variants.length === 0 ? row : smsRowWithVariants(channels, variants), channels };
}

export interface RealtimeView {
  points: RealtimeChartPoint[];
  /** Server time of the answer, Unix seconds. */
  asOf: number;
  /** Channels with visitors in the last 30 days (the channel selector), from the store. */
  channelIds: string[];
}

/** The real-time chart (live) and the channel list (store); the page's refresh calls this again. */
export async function realtimeView(deps: ViewDeps, q: RealtimeRequest): Promise<RealtimeView> {
  const now = deps.now ?? new Date();
  const today = chinaDayOf(now);
  const last30 = { from: addDays(today, -30), to: today };
  const [points, channels] = await Promise.all([getRealtime(deps.wechat, q), getStoredChannels(deps.db, q.activityId, last30)]);
  return { points, asOf: Math.floor(now.getTime() / 1000), channelIds: channels.map((c) => c.channelId) };
}
