import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { ActivityKeys, H5, materializeDue, WXAPP } from "./events";
import { chinaDay, ENV_MISMATCH, invalidParameter, requireString, WechatFailure } from "./wire";
import { SMS_CHANNEL } from "@/lib/statistics/rows";

/** cloudbase.getStatistics, computed from what the emulator recorded (lib/emulator/README.md has the rules). */

const ACTIONS: Record<string, "overview" | "conversion" | "realtime"> = {
  smsMarketingOverviewData: "overview",
  sms: "overview",
  smsMarketingConversionData: "conversion",
  smsMarketingRealTimeData: "realtime",
  realTime: "realtime",
};

type ColType = "0" | "1" | "2";
const col = (col_id: string, col_name: string, col_data_type: ColType) => ({ col_id, col_name, col_data_type });

/** The 12 overview / conversion columns, in the seed's order. */
export const FUNNEL_COLUMNS = [
  col("appid", "小程序id", "0"),
  col("env_id", "环境id", "0"),
  col("activity_id", "活动id", "0"),
  col("channel_id", "渠道", "0"),
  col("h5_open_uercnt", "h5打开人数", "1"),
  col("jump_wxapp_uercnt", "小程序跳转人数", "1"),
  col("sms_send_uercnt", "短信下发人数", "1"),
  col("sms_send_list", "下发记录数组", "0"),
  col("jump_wxapp_uercnt_percent", "跳转人数渠道占比", "2"),
  col("h5_open_uercnt_percent", "h5打开人数渠道占比", "2"),
  col("h5_sms_rate", "短信到h5转化率", "2"),
  col("jump_h5_rate", "h5到跳转转化率", "2"),
];

const REALTIME_COLUMNS = {
  h5: [col("time", "时间", "1"), col("h5_open_uercnt", "h5打开人数", "1")],
  wxapp: [col("time", "时间", "1"), col("jump_wxapp_uercnt", "小程序跳转人数", "1")],
};

export interface StatisticsResult {
  data_column: ReturnType<typeof col>[];
  data_value: { data_value: string[] }[];
  total_num: number;
}

const NO_DATA = () => new WechatFailure(10011, "no data");

/** Ratios as the seed shows them: at most 6 decimals, no trailing zeros ("0.535714", "0.5", "0"). */
export function ratio(part: number, whole: number): string {
  if (whole <= 0) return "0";
  return String(Number((part / whole).toFixed(6)));
}

function integerField(body: Record<string, unknown>, field: string, required: boolean): number | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === "") {
    if (required) throw invalidParameter(`${field} is required`);
    return undefined;
  }
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw invalidParameter(`${field} must be a non-negative integer`);
  return n;
}

function flag(v: unknown): "0" | "1" | undefined {
  if (v === "0" || v === 0) return "0";
  if (v === "1" || v === 1) return "1";
  return undefined;
}

export async function getStatistics(
  deps: { db: Db; keys: ActivityKeys; appId: string; envId: string; now: Date },
  body: Record<string, unknown>,
): Promise<StatisticsResult> {
  const actionName = requireString(body, "action", 64);
  const action = ACTIONS[actionName];
  if (!action) throw invalidParameter(`action must be smsMarketingOverviewData, smsMarketingConversionData or smsMarketingRealTimeData, got ${JSON.stringify(actionName)}`);
  const begin = integerField(body, "begin_date", true)!;
  const end = integerField(body, "end_date", true)!;
  if (end <= begin) throw invalidParameter("end_date must be after begin_date");
  const cond = body.condition;
  if (!cond || typeof cond !== "object" || Array.isArray(cond)) throw invalidParameter("condition is required");
  const condition = cond as Record<string, unknown>;
  const env = requireString(condition, "env_id", 128);
  const activityId = requireString(condition, "activity_id", 128);

  if (action === "realtime") {
    const channelId = requireString(condition, "channel_id", 64);
    const actType = condition.act_type;
    if (actType !== "h5" && actType !== "wxapp") throw invalidParameter("condition.act_type must be h5 or wxapp");
    if (env !== deps.envId) throw ENV_MISMATCH(env);
    const key = await deps.keys.find(env, activityId);
    if (key === undefined) throw NO_DATA();
    await materializeDue(deps.db, deps.now);
    return realtime(deps.db, key, channelId, actType, begin, end);
  }

  const pageOffset = integerField(body, "page_offset", true)!;
  const pageLimit = integerField(body, "page_limit", true)!;
  if (pageLimit < 1 || pageLimit > 1000) throw invalidParameter("page_limit must be between 1 and 1000");
  let channelFilter: string | undefined;
  let byChannel = true;
  if (action === "overview") {
    const f = flag(condition.by_channel_id);
    if (!f) throw invalidParameter('condition.by_channel_id must be "0" or "1"');
    byChannel = f === "1";
  } else {
    channelFilter = requireString(condition, "channel_id", 64);
  }
  if (env !== deps.envId) throw ENV_MISMATCH(env);
  const key = await deps.keys.find(env, activityId);
  if (key === undefined) throw NO_DATA();
  await materializeDue(deps.db, deps.now);
  const rows = await funnelRows(deps.db, key, { appId: deps.appId, env, activityId }, begin, end, byChannel, channelFilter);
  if (rows.length === 0) throw NO_DATA();
  return {
    data_column: FUNNEL_COLUMNS,
    data_value: rows.slice(pageOffset, pageOffset + pageLimit).map((r) => ({ data_value: r })),
    total_num: rows.length,
  };
}

interface ChannelTotals {
  h5: number;
  jump: number;
}

/**
 * Overview and conversion work in whole China-time days: every day that [begin, end) touches is counted,
 * H5 users are distinct sessions per channel per day, mini-program users distinct OpenIDs per channel per day,
 * summed over the days, as a daily offline job would produce them.
 */
async function funnelRows(
  db: Db,
  key: number,
  ids: { appId: string; env: string; activityId: string },
  begin: number,
  end: number,
  byChannel: boolean,
  channelFilter: string | undefined,
): Promise<string[][]> {
  const firstDay = chinaDay(begin);
  const lastDay = chinaDay(end - 1);
  const counts = await db.execute<{ kind: number; channel_id: string; users: string }>(sql`
    select kind, channel_id, sum(users)::text as users from emu_day_counts
    where activity_key = ${key} and day between ${firstDay} and ${lastDay}
    group by kind, channel_id`);
  const tasks = await db.execute<{ task_id: string; phone_count: string }>(sql`
    select task_id, phone_count::text from emu_send_tasks
    where activity_key = ${key} and day between ${firstDay} and ${lastDay}
    order by reported_at, task_id`);

  const channels = new Map<string, ChannelTotals>();
  const totals = (c: string) => channels.get(c) ?? channels.set(c, { h5: 0, jump: 0 }).get(c)!;
  for (const r of counts.rows) {
    const t = totals(r.channel_id);
    if (Number(r.kind) === H5) t.h5 += Number(r.users);
    else if (Number(r.kind) === WXAPP) t.jump += Number(r.users);
  }
  const smsSent = tasks.rows.reduce((s, t) => s + Number(t.phone_count), 0);
  const smsList = `[${tasks.rows.map((t) => `${t.task_id}:${t.phone_count}`).join(",")}]`;
  if (tasks.rows.length > 0) totals(SMS_CHANNEL);
  if (channels.size === 0) return [];

  const h5All = [...channels.values()].reduce((s, t) => s + t.h5, 0);
  const jumpAll = [...channels.values()].reduce((s, t) => s + t.jump, 0);
  const row = (channelId: string, t: ChannelTotals, sent: number, list: string) => [
    ids.appId,
    ids.env,
    ids.activityId,
    channelId,
    String(t.h5),
    String(t.jump),
    String(sent),
    list,
    ratio(t.jump, jumpAll),
    ratio(t.h5, h5All),
    ratio(t.h5, sent),
    ratio(t.jump, t.h5),
  ];
  const forChannel = (c: string) => (c === SMS_CHANNEL ? row(c, channels.get(c)!, smsSent, smsList) : row(c, channels.get(c)!, 0, "[]"));

  if (channelFilter !== undefined) return channels.has(channelFilter) ? [forChannel(channelFilter)] : [];
  if (!byChannel) return [row("all", { h5: h5All, jump: jumpAll }, smsSent, smsList)];
  const order = [...channels.entries()].sort(([a, x], [b, y]) => (a === SMS_CHANNEL ? -1 : b === SMS_CHANNEL ? 1 : y.h5 - x.h5 || (a < b ? -1 : 1)));
  return order.map(([c]) => forChannel(c));
}

/** Distinct users per 5-minute bucket whose start lies in [begin rounded down to 5 minutes, end); empty buckets are left out. */
async function realtime(db: Db, key: number, channelId: string, actType: "h5" | "wxapp", begin: number, end: number): Promise<StatisticsResult> {
  const r = await db.execute<{ bucket: number; users: string }>(sql`
    select bucket, count(*)::text as users from emu_bucket_visitors
    where activity_key = ${key} and kind = ${actType === "h5" ? H5 : WXAPP} and channel_id = ${channelId}
      and bucket >= ${Math.floor(begin / 300)} and bucket < ${Math.ceil(end / 300)}
    group by bucket order by bucket`);
  if (r.rows.length === 0) throw NO_DATA();
  return {
    data_column: REALTIME_COLUMNS[actType],
    data_value: r.rows.map((x) => ({ data_value: [String(Number(x.bucket) * 300), x.users] })),
    total_num: r.rows.length,
  };
}
