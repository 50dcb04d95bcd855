import { ColumnarDecodeError, decodeColumnar, integerCell, rowValuesOf, type Cell, type ColumnarResponse, type ColumnarRow } from "./columnar";

/** The column ids of overview and conversion answers (the same 12 columns for both). */
export const OVERVIEW_COLUMNS = {
  appid: "appid",
  envId: "env_id",
  activityId: "activity_id",
  channelId: "channel_id",
  h5OpenUsers: "h5_open_uercnt",
  jumpWxappUsers: "jump_wxapp_uercnt",
  smsSendUsers: "sms_send_uercnt",
  smsSendList: "sms_send_list",
  jumpWxappUsersPercent: "jump_wxapp_uercnt_percent",
  h5OpenUsersPercent: "h5_open_uercnt_percent",
  h5SmsRate: "h5_sms_rate",
  jumpH5Rate: "jump_h5_rate",
} as const;

/** The channel of a `by_channel_id "0"` row: every channel together. */
export const ALL_CHANNELS = "all";
/** The channel CloudBase CMS (and this app) uses for SMS links. */
export const SMS_CHANNEL = "_cms_sms_";

export interface SmsSendTask {
  taskId: string;
  count: number;
}

/** One row of smsMarketingOverviewData or smsMarketingConversionData. */
export interface OverviewRow {
  appid: string;
  envId: string;
  activityId: string;
  /** A channel id, or "all" for the totals row. */
  channelId: string;
  /** Distinct H5 sessions. */
  h5OpenUsers: number;
  /** Distinct users who opened the mini program from the H5 page. */
  jumpWxappUsers: number;
  /** Numbers sent by SMS (reported send tasks). */
  smsSendUsers: number;
  /** `"[task1:5000,task2:5000]"`, parsed. */
  smsSendList: SmsSendTask[];
  /** This channel's share of all mini-program jumps, 0..1 (computed from the rows when the column is missing). */
  jumpWxappUsersPercent: number;
  /** This channel's share of all H5 users, 0..1. */
  h5OpenUsersPercent: number;
  /** H5 users ÷ SMS sent. */
  h5SmsRate: number;
  /** Mini-program jumps ÷ H5 users. */
  jumpH5Rate: number;
  /** Columns this code does not know yet, decoded by their declared type. */
  extra: ColumnarRow;
}

const KNOWN = new Set<string>(Object.values(OVERVIEW_COLUMNS));
const REQUIRED = [OVERVIEW_COLUMNS.channelId, OVERVIEW_COLUMNS.h5OpenUsers, OVERVIEW_COLUMNS.jumpWxappUsers, OVERVIEW_COLUMNS.smsSendUsers];

/**
 * Overview or conversion rows. The counts and the channel must be there; a missing rate is computed from
 * the counts, a missing id is "".
 */
export function decodeOverview(response: ColumnarResponse): OverviewRow[] {
  const table = decodeColumnar(response);
  const present = new Set(table.columns.map((c) => c.colId));
  for (const id of REQUIRED) {
    if (table.rows.length > 0 && !present.has(id)) throw new ColumnarDecodeError(id, -1, undefined, "is missing from data_column");
  }
  const extraIds = table.columns.map((c) => c.colId).filter((id) => !KNOWN.has(id));
  const rows = table.rows.map((row, index) => toOverviewRow(row, index, extraIds));
  // A missing share column is this row's part of the rows' total (the answer holds every channel).
  const channels = rows.filter((r) => r.channelId !== ALL_CHANNELS);
  const h5Total = channels.reduce((sum, r) => sum + r.h5OpenUsers, 0);
  const jumpTotal = channels.reduce((sum, r) => sum + r.jumpWxappUsers, 0);
  for (const r of rows) {
    const all = r.channelId === ALL_CHANNELS;
    if (Number.isNaN(r.h5OpenUsersPercent)) r.h5OpenUsersPercent = all ? 1 : ratio(r.h5OpenUsers, h5Total);
    if (Number.isNaN(r.jumpWxappUsersPercent)) r.jumpWxappUsersPercent = all ? 1 : ratio(r.jumpWxappUsers, jumpTotal);
  }
  return rows;
}

function toOverviewRow(row: ColumnarRow, index: number, extraIds: string[]): OverviewRow {
  const C = OVERVIEW_COLUMNS;
  const h5OpenUsers = row[C.h5OpenUsers] as number;
  const jumpWxappUsers = row[C.jumpWxappUsers] as number;
  const smsSendUsers = row[C.smsSendUsers] as number;
  const extra: ColumnarRow = {};
  for (const id of extraIds) extra[id] = row[id];
  const list = row[C.smsSendList];
  return {
    appid: text(row[C.appid]),
    envId: text(row[C.envId]),
    activityId: text(row[C.activityId]),
    channelId: text(row[C.channelId]),
    h5OpenUsers,
    jumpWxappUsers,
    smsSendUsers,
    smsSendList: list === undefined ? [] : parseSmsSendList(String(list), index),
    jumpWxappUsersPercent: numberOr(row[C.jumpWxappUsersPercent], Number.NaN),
    h5OpenUsersPercent: numberOr(row[C.h5OpenUsersPercent], Number.NaN),
    h5SmsRate: numberOr(row[C.h5SmsRate], ratio(h5OpenUsers, smsSendUsers)),
    jumpH5Rate: numberOr(row[C.jumpH5Rate], ratio(jumpWxappUsers, h5OpenUsers)),
    extra,
  };
}

/**
 * `"[task1:5000,task2:5000]"` → `[{taskId: "task1", count: 5000}, …]`. A task id may itself contain ":";
 * the count is what follows the last one.
 */
export function parseSmsSendList(value: string, row = 0): SmsSendTask[] {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 32) start++;
  while (end > start && value.charCodeAt(end - 1) <= 32) end--;
  if (value.charCodeAt(start) === 91 /* [ */) start++;
  if (end > start && value.charCodeAt(end - 1) === 93 /* ] */) end--;
  const tasks: SmsSendTask[] = [];
  if (value.slice(start, end).trim() === "") return tasks;
  while (start <= end) {
    let comma = value.indexOf(",", start);
    if (comma < 0 || comma > end) comma = end;
    const entry = value.slice(start, comma);
    const at = entry.lastIndexOf(":");
    const taskId = at < 0 ? "" : entry.slice(0, at).trim();
    if (taskId === "") throw new ColumnarDecodeError(OVERVIEW_COLUMNS.smsSendList, row, value, `has "${entry}", not task:count`);
    tasks.push({ taskId, count: integerCell(entry.slice(at + 1).trim(), OVERVIEW_COLUMNS.smsSendList, row) });
    start = comma + 1;
  }
  return tasks;
}

/** One 5-minute bucket of smsMarketingRealTimeData. */
export interface RealtimePoint {
  /** Bucket start, Unix seconds. */
  time: number;
  users: number;
}

/** Real-time rows are read by position, `[bucket start, users]`, whatever their column ids are called. */
export function decodeRealtime(response: ColumnarResponse): RealtimePoint[] {
  const values = rowValuesOf(response);
  const points = new Array<RealtimePoint>(values.length);
  for (let r = 0; r < values.length; r++) {
    const cells = values[r];
    if (cells.length < 2) throw new ColumnarDecodeError("data_value", r, cells, "has fewer than 2 values ([bucket start, users])");
    points[r] = { time: integerCell(cells[0], "bucket start", r), users: integerCell(cells[1], "users", r) };
  }
  return points.sort((a, b) => a.time - b.time);
}

function text(cell: Cell | undefined): string {
  return cell === undefined ? "" : String(cell);
}

function numberOr(cell: Cell | undefined, fallback: number): number {
  return typeof cell === "number" ? cell : fallback;
}

/** `part ÷ whole`, 0 when there is no whole. */
export function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
