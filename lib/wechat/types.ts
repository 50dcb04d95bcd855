/**
 * What TypeScript callers pass and get back: the camelCase of the seeds' cloud-call form.
 * `envId` / `env` default to the client's environment everywhere.
 */

// cloudbase.report -----------------------------------------------------------------------------

export interface SendSmsTaskReport {
  reportAction: "sendSmsTask";
  envId?: string;
  activityId: string;
  taskId: string;
  /** Numbers in the task; sent as a string, as the API requires. */
  phoneCount: number | string;
}

export interface OpenH5Report {
  reportAction: "openH5";
  envId?: string;
  activityId: string;
  /** `_cms_sms_` for SMS links, or a channel the marketer defined. */
  channelId: string;
  /** The visitor's browser session (a UUID); H5 users are distinct session IDs. */
  sessionId: string;
}

export type ReportInput = SendSmsTaskReport | OpenH5Report;

// cloudbase.getStatistics ------------------------------------------------------------------------

interface StatisticsRange {
  /** Unix seconds, inclusive. */
  beginDate: number;
  /** Unix seconds, exclusive. */
  endDate: number;
}

interface Paging {
  /** Row offset; default 0. */
  pageOffset?: number;
  /** Default 1000. */
  pageLimit?: number;
}

export interface OverviewQuery extends StatisticsRange, Paging {
  action: "smsMarketingOverviewData";
  condition: {
    envId?: string;
    activityId: string;
    /** "0": one row for all channels (`channel_id "all"`); "1": one row per channel. */
    byChannelId: "0" | "1";
  };
}

export interface ConversionQuery extends StatisticsRange, Paging {
  action: "smsMarketingConversionData";
  condition: { envId?: string; activityId: string; channelId: string };
}

export interface RealTimeQuery extends StatisticsRange {
  action: "smsMarketingRealTimeData";
  condition: { envId?: string; activityId: string; channelId: string; actType: "h5" | "wxapp" };
}

export type StatisticsQuery = OverviewQuery | ConversionQuery | RealTimeQuery;
export type StatisticsAction = StatisticsQuery["action"];

export interface StatisticsColumn {
  colId: string;
  colName: string;
  /** "0" string, "1" integer, "2" double. */
  colDataType: string;
}

/**
 * One page, in the cloud-call form of the seed (decode it with `decodeColumnar` from lib/statistics).
 * A 10011 "no data" answer is an empty page.
 */
export interface StatisticsPage {
  dataColumn: StatisticsColumn[];
  dataValue: { dataValue: string[] }[];
  totalNum: number;
}

// cloudbase.sendSms ---------------------------------------------------------------------------------

interface SmsCommon {
  env?: string;
  /** 1 to 1000 numbers, each `+86` followed by 11 digits. */
  phoneNumberList: string[];
  useShortName?: boolean;
  /** Third-party platforms: the AppID that owns `env`. */
  resourceAppid?: string;
}

export interface MarketingSms extends SmsCommon {
  smsType: "Marketing";
  /** At most 30 characters. */
  content: string;
  /** Path on the environment's static website, starting with `/`. */
  path: string;
}

export interface NotificationSms extends SmsCommon {
  smsType: "Notification";
  templateId: string;
  templateParamList: string[];
}

export type SendSmsInput = MarketingSms | NotificationSms;

export interface SendStatus {
  serialNo: string;
  phoneNumber: string;
  /** "Ok" is success. */
  code: string;
  message: string;
  isoCode: string;
}

export interface SendSmsResult {
  sendStatusList: SendStatus[];
}

// getOpenData ---------------------------------------------------------------------------------------

export interface GetOpenDataInput {
  cloudidList: string[];
  openid?: string;
}

export interface OpenDataItem<T = unknown> {
  cloudId: string;
  /** Parsed, whether WeChat sent a string or an object. */
  json: T;
}

export interface GetOpenDataResult<T = unknown> {
  dataList: OpenDataItem<T>[];
}

// invokeCloudFunction ------------------------------------------------------------------------------

export interface InvokeCloudFunctionInput {
  name: string;
  env?: string;
  /** The function's input (the POST body); `{}` when omitted. */
  data?: unknown;
}

export interface InvokeCloudFunctionResult<T = unknown> {
  /** The function's return value, parsed from `resp_data` (the raw string if it is not JSON; null if empty). */
  respData: T;
}

// wxa/generatescheme -------------------------------------------------------------------------------

export interface GenerateSchemeInput {
  jumpWxa?: {
    /** A published page of the mini program, without a query, e.g. `/pages/index/index`; empty opens the home page. */
    path?: string;
    /** Query string without `?`, at most 1024 characters. */
    query?: string;
    envVersion?: "release" | "trial" | "develop";
  };
  isExpire?: boolean;
  /** 0: expire at `expireTime`; 1: after `expireInterval` days. */
  expireType?: 0 | 1;
  /** Unix seconds. */
  expireTime?: number;
  /** Days, 1 to 30. */
  expireInterval?: number;
}

export interface GenerateSchemeResult {
  /** `weixin://dl/business/?t=…` */
  openlink: string;
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}
