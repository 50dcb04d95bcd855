/**
 * The wire format, one explicit camelCase ↔ snake_case mapping per API. Builders check what each API
 * requires and throw a `param` WechatError naming the field before anything is sent.
 */
import { invalidInput, type WechatApi } from "./errors";
import type {
  GenerateSchemeInput,
  GetOpenDataInput,
  OpenDataItem,
  ReportInput,
  SendSmsInput,
  SendStatus,
  StatisticsPage,
  StatisticsQuery,
} from "./types";

// Request bodies exactly as documented (the emulator can import these types too).

export type ReportWireBody =
  | { report_action: "sendSmsTask"; env_id: string; activity_id: string; task_id: string; phone_count: string }
  | { report_action: "openH5"; env_id: string; activity_id: string; channel_id: string; session_id: string };

export interface StatisticsWireBody {
  action: StatisticsQuery["action"];
  begin_date: number;
  end_date: number;
  page_offset?: number;
  page_limit?: number;
  condition: { env_id: string; activity_id: string; by_channel_id?: string; channel_id?: string; act_type?: string };
}

export type SendSmsWireBody = {
  env: string;
  phone_number_list: string[];
  use_short_name?: boolean;
  resource_appid?: string;
} & ({ sms_type: "Marketing"; content: string; path: string } | { sms_type: "Notification"; template_id: string; template_param_list: string[] });

export interface GetOpenDataWireBody {
  cloudid_list: string[];
}

export interface GenerateSchemeWireBody {
  jump_wxa?: { path?: string; query?: string; env_version?: string };
  is_expire?: boolean;
  expire_type?: number;
  expire_time?: number;
  expire_interval?: number;
}

export const MAX_SMS_NUMBERS = 1000;
export const MAX_SMS_CONTENT = 30;
export const DEFAULT_PAGE_LIMIT = 1000;
const PHONE = /^\+86\d{11}$/;

function requireText(api: WechatApi, field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw invalidInput(api, field, "is required");
  return value;
}

// cloudbase.report ------------------------------------------------------------------------------------

export function reportBody(input: ReportInput, defaultEnv: string): ReportWireBody {
  const api = "cloudbase.report";
  const env_id = requireText(api, "envId", input.envId ?? defaultEnv);
  const activity_id = requireText(api, "activityId", input.activityId);
  switch (input.reportAction) {
    case "sendSmsTask": {
      const phoneCount = String(input.phoneCount ?? "");
      if (!/^\d+$/.test(phoneCount)) throw invalidInput(api, "phoneCount", "must be a whole number of phone numbers");
      return { report_action: "sendSmsTask", env_id, activity_id, task_id: requireText(api, "taskId", input.taskId), phone_count: phoneCount };
    }
    case "openH5":
      return {
        report_action: "openH5",
        env_id,
        activity_id,
        channel_id: requireText(api, "channelId", input.channelId),
        session_id: requireText(api, "sessionId", input.sessionId),
      };
    default:
      throw invalidInput(api, "reportAction", `must be "sendSmsTask" or "openH5"`);
  }
}

// cloudbase.getStatistics -------------------------------------------------------------------------------

export function statisticsBody(query: StatisticsQuery, defaultEnv: string): StatisticsWireBody {
  const api = "cloudbase.getStatistics";
  for (const field of ["beginDate", "endDate"] as const) {
    if (!Number.isInteger(query[field]) || query[field] < 0) throw invalidInput(api, field, "must be a Unix time in whole seconds");
  }
  if (query.endDate <= query.beginDate) throw invalidInput(api, "endDate", "must be after beginDate");
  if (!query.condition || typeof query.condition !== "object") throw invalidInput(api, "condition", "is required");
  const condition: StatisticsWireBody["condition"] = {
    env_id: requireText(api, "condition.envId", query.condition.envId ?? defaultEnv),
    activity_id: requireText(api, "condition.activityId", query.condition.activityId),
  };
  const base = { action: query.action, begin_date: query.beginDate, end_date: query.endDate };
  switch (query.action) {
    case "smsMarketingOverviewData": {
      const by = query.condition.byChannelId;
      if (by !== "0" && by !== "1") throw invalidInput(api, "condition.byChannelId", `must be "0" (totals) or "1" (per channel)`);
      return { ...base, ...paging(query), condition: { ...condition, by_channel_id: by } };
    }
    case "smsMarketingConversionData":
      return { ...base, ...paging(query), condition: { ...condition, channel_id: requireText(api, "condition.channelId", query.condition.channelId) } };
    case "smsMarketingRealTimeData": {
      const actType = query.condition.actType;
      if (actType !== "h5" && actType !== "wxapp") throw invalidInput(api, "condition.actType", `must be "h5" or "wxapp"`);
      return { ...base, condition: { ...condition, channel_id: requireText(api, "condition.channelId", query.condition.channelId), act_type: actType } };
    }
    default:
      throw invalidInput(api, "action", "must be smsMarketingOverviewData, smsMarketingConversionData or smsMarketingRealTimeData");
  }
}

function paging(query: { pageOffset?: number; pageLimit?: number }): { page_offset: number; page_limit: number } {
  const api = "cloudbase.getStatistics";
  const page_offset = query.pageOffset ?? 0;
  const page_limit = query.pageLimit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(page_offset) || page_offset < 0) throw invalidInput(api, "pageOffset", "must be a whole number ≥ 0");
  if (!Number.isInteger(page_limit) || page_limit < 1) throw invalidInput(api, "pageLimit", "must be a whole number ≥ 1");
  return { page_offset, page_limit };
}

/** Both the HTTPS (snake_case) and cloud-call (camelCase) answers, as the camelCase page. */
export function statisticsPage(body: Record<string, unknown>): StatisticsPage {
  const columns = (body.data_column ?? body.dataColumn ?? []) as Record<string, unknown>[];
  const rows = (body.data_value ?? body.dataValue ?? []) as Record<string, unknown>[];
  const dataValue = new Array<{ dataValue: string[] }>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    dataValue[i] = { dataValue: (Array.isArray(row) ? row : (row.data_value ?? row.dataValue ?? [])) as string[] };
  }
  return {
    dataColumn: columns.map((c) => ({
      colId: String(c.col_id ?? c.colId ?? ""),
      colName: String(c.col_name ?? c.colName ?? ""),
      colDataType: String(c.col_data_type ?? c.colDataType ?? "0"),
    })),
    dataValue,
    totalNum: Number(body.total_num ?? body.totalNum ?? rows.length),
  };
}

export const EMPTY_STATISTICS_PAGE: StatisticsPage = Object.freeze({ dataColumn: [], dataValue: [], totalNum: 0 }) as StatisticsPage;

// cloudbase.sendSms ---------------------------------------------------------------------------------------

export function sendSmsBody(input: SendSmsInput, defaultEnv: string): SendSmsWireBody {
  const api = "cloudbase.sendSms";
  const env = requireText(api, "env", input.env ?? defaultEnv);
  const list = input.phoneNumberList;
  if (!Array.isArray(list) || list.length === 0) throw invalidInput(api, "phoneNumberList", "needs at least one number");
  if (list.length > MAX_SMS_NUMBERS) throw invalidInput(api, "phoneNumberList", `has ${list.length} numbers; at most ${MAX_SMS_NUMBERS} a call`);
  const bad = list.findIndex((n) => typeof n !== "string" || !PHONE.test(n));
  if (bad >= 0) throw invalidInput(api, `phoneNumberList[${bad}]`, `"${String(list[bad])}" is not +86 followed by 11 digits`);
  const common = {
    env,
    phone_number_list: list,
    ...(input.useShortName !== undefined && { use_short_name: input.useShortName }),
    ...(input.resourceAppid !== undefined && { resource_appid: requireText(api, "resourceAppid", input.resourceAppid) }),
  };
  switch (input.smsType) {
    case "Marketing": {
      const content = requireText(api, "content", input.content);
      const length = [...content].length;
      if (length > MAX_SMS_CONTENT) throw invalidInput(api, "content", `is ${length} characters; at most ${MAX_SMS_CONTENT}`);
      const path = requireText(api, "path", input.path);
      if (!path.startsWith("/")) throw invalidInput(api, "path", `must start with "/" (a path on the static website, e.g. /index.html)`);
      // Key order as in the seed example, so the body on the wire reads like the document.
      const { env: e, phone_number_list, ...flags } = common;
      return { env: e, phone_number_list, sms_type: "Marketing", content, path, ...flags };
    }
    case "Notification": {
      const template_id = requireText(api, "templateId", input.templateId);
      if (!Array.isArray(input.templateParamList) || input.templateParamList.some((p) => typeof p !== "string")) {
        throw invalidInput(api, "templateParamList", "must be a list of strings");
      }
      const { env: e, phone_number_list, ...flags } = common;
      return { env: e, phone_number_list, sms_type: "Notification", template_id, template_param_list: input.templateParamList, ...flags };
    }
    default:
      throw invalidInput(api, "smsType", `must be "Marketing" or "Notification"`);
  }
}

export function sendStatusList(body: Record<string, unknown>): SendStatus[] {
  const list = (body.send_status_list ?? body.sendStatusList ?? []) as Record<string, unknown>[];
  return list.map((s) => ({
    serialNo: String(s.serial_no ?? s.serialNo ?? ""),
    phoneNumber: String(s.phone_number ?? s.phoneNumber ?? ""),
    code: String(s.code ?? ""),
    message: String(s.message ?? ""),
    isoCode: String(s.iso_code ?? s.isoCode ?? ""),
  }));
}

// getOpenData -------------------------------------------------------------------------------------------------

export function openDataBody(input: GetOpenDataInput): GetOpenDataWireBody {
  const list = input.cloudidList;
  if (!Array.isArray(list) || list.length === 0) throw invalidInput("getOpenData", "cloudidList", "needs at least one cloudID");
  list.forEach((id, i) => requireText("getOpenData", `cloudidList[${i}]`, id));
  return { cloudid_list: list };
}

export function openDataList(body: Record<string, unknown>): OpenDataItem[] {
  const list = (body.data_list ?? body.dataList ?? []) as Record<string, unknown>[];
  return list.map((item) => ({ cloudId: String(item.cloud_id ?? item.cloudId ?? ""), json: parseMaybeJson(item.json) }));
}

/** A value WeChat sends either as a JSON string or already as JSON. */
export function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// wxa/generatescheme ------------------------------------------------------------------------------------------

export function schemeBody(input: GenerateSchemeInput): GenerateSchemeWireBody {
  const api = "generateScheme";
  const body: GenerateSchemeWireBody = {};
  if (input.jumpWxa) {
    const { path, query, envVersion } = input.jumpWxa;
    if (path !== undefined && path.includes("?")) throw invalidInput(api, "jumpWxa.path", "must not carry a query; put it in jumpWxa.query");
    if (query !== undefined && query.length > 1024) throw invalidInput(api, "jumpWxa.query", "is longer than 1024 characters");
    body.jump_wxa = {
      ...(path !== undefined && { path }),
      ...(query !== undefined && { query }),
      ...(envVersion !== undefined && { env_version: envVersion }),
    };
  }
  if (input.isExpire !== undefined) body.is_expire = input.isExpire;
  if (input.expireType !== undefined) body.expire_type = input.expireType;
  if (input.expireTime !== undefined) body.expire_time = input.expireTime;
  if (input.expireInterval !== undefined) {
    if (!Number.isInteger(input.expireInterval) || input.expireInterval < 1 || input.expireInterval > 30) {
      throw invalidInput(api, "expireInterval", "must be 1 to 30 days");
    }
    body.expire_interval = input.expireInterval;
  }
  return body;
}
