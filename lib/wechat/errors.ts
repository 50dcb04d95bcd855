/**
 * Every failure of a WeChat call is a WechatError: an errcode ≠ 0 from WeChat, an input the client refused
 * before calling, a timeout or a dropped connection. UIs decide what to show from `kind` and `messageKey`
 * (messages/<locale>/wechat.json); logs get the English `hint`. Tokens never appear in any of it.
 */

export type WechatErrorKind =
  | "config" // the app's credentials, whitelist or permissions need fixing
  | "busy" // WeChat asked to try again later (-1)
  | "rate" // per-minute rate limit (45011)
  | "quota" // daily API quota or SMS pack used up
  | "token" // access token rejected and the one retry did not help
  | "param" // the request itself is wrong
  | "timeout" // no answer in time: the call may or may not have taken effect
  | "network" // the connection failed or the answer was not WeChat's JSON
  | "other";

/** Which WeChat API failed, named as in the seed documents. */
export type WechatApi =
  | "cloudbase.report"
  | "cloudbase.getStatistics"
  | "cloudbase.sendSms"
  | "getOpenData"
  | "invokeCloudFunction"
  | "generateScheme"
  | "token"
  | "stable_token"
  | "tokenService";

/** Codes for failures that happen on our side of the wire; WeChat never sends these. */
export const LOCAL_CODES = {
  timeout: -90001,
  network: -90002,
  badResponse: -90003,
  missingCredentials: -90004,
} as const;

export const INVALID_PARAMETER = -501007;

interface CodeInfo {
  kind: WechatErrorKind;
  hint: string;
}

const CODES: Record<number, CodeInfo> = {
  [-1]: { kind: "busy", hint: "WeChat is busy; try again in a moment." },
  [-1000]: { kind: "other", hint: "WeChat reported a system error; try again later and contact WeChat support if it persists." },
  10011: { kind: "other", hint: "No statistics for this query (yet); overview data for a day is ready around 06:00 the next day." },
  40001: { kind: "token", hint: "The access token was rejected as invalid or not the latest; another server may be fetching tokens with /cgi-bin/token. Use the stable token or one central token service." },
  40002: { kind: "config", hint: "Invalid grant_type when fetching the access token." },
  40013: { kind: "config", hint: "The AppID is invalid: check WECHAT_APPID." },
  40014: { kind: "token", hint: "The access token is invalid even after a refresh; check the token provider (WECHAT_ACCESS_TOKEN / WECHAT_TOKEN_SERVICE_URL)." },
  40101: { kind: "param", hint: "A required parameter is missing." },
  40125: { kind: "config", hint: "The AppSecret is invalid: check WECHAT_SECRET (it changes when reset in the MP console)." },
  40164: { kind: "config", hint: "This server's IP is not on the mini program's API IP whitelist (MP console → Development → Development settings)." },
  41001: { kind: "token", hint: "The request carried no access token." },
  41002: { kind: "config", hint: "The AppID is missing: set WECHAT_APPID." },
  41004: { kind: "config", hint: "The AppSecret is missing: set WECHAT_SECRET." },
  42001: { kind: "token", hint: "The access token expired and a fresh one was rejected too; check the server clock and the token provider." },
  43002: { kind: "other", hint: "Wrong HTTP method (a client bug: every API here is POST)." },
  44002: { kind: "other", hint: "Empty POST body (a client bug)." },
  45009: { kind: "quota", hint: "The daily quota for this API is used up; it resets at midnight (China time), or reset it in the MP console." },
  45011: { kind: "rate", hint: "Rate limited for this minute; wait for the next minute before calling again." },
  48001: { kind: "config", hint: "This API is not authorised for the mini program; enable CloudBase SMS / the API permission." },
  85088: { kind: "config", hint: "CloudBase is not enabled for this mini program; open it in the WeChat developer tools." },
  [-501007]: { kind: "param", hint: "WeChat rejected a parameter; the reason is in errmsg." },
  [-601027]: { kind: "config", hint: "The CloudBase environment is invalid: check WECHAT_ENV_ID." },
  [-601032]: { kind: "config", hint: "The mini program has no nickname yet; SMS signatures need one." },
  [-601033]: { kind: "config", hint: "Personal-type mini programs cannot send SMS; the mini program must belong to an organisation." },
  [-607004]: { kind: "param", hint: "The URL Link / static website path is invalid." },
  [-504002]: { kind: "other", hint: "The cloud function failed (threw or returned an error); see errmsg and the function's logs." },
  [-504003]: { kind: "timeout", hint: "The cloud function did not finish within the 5-second limit for HTTP-triggered functions; make it faster or start long work asynchronously." },
  [LOCAL_CODES.timeout]: { kind: "timeout", hint: "WeChat did not answer in time; the call may or may not have taken effect." },
  [LOCAL_CODES.network]: { kind: "network", hint: "Could not reach the WeChat API (connection failed or dropped); check WECHAT_API_BASE and the network." },
  [LOCAL_CODES.badResponse]: { kind: "network", hint: "The WeChat API answered with something that is not its JSON (a proxy or gateway error?)." },
  [LOCAL_CODES.missingCredentials]: { kind: "config", hint: "No credentials to get an access token: set WECHAT_APPID and WECHAT_SECRET, WECHAT_ACCESS_TOKEN or WECHAT_TOKEN_SERVICE_URL." },
};

/** Token errors after which the cached token is dropped and the call retried once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

const SMS_QUOTA_PATTERN = /配额不足|quota/i;

export interface WechatErrorInit {
  code: number;
  errmsg: string;
  api: WechatApi;
  /** The input field the client refused, for errors raised before the call. */
  field?: string;
  /** Overrides the table's hint (e.g. to name the field or the limit). */
  hint?: string;
  kind?: WechatErrorKind;
  /** True when the request may have reached WeChat and taken effect (timeouts, dropped connections). */
  uncertain?: boolean;
  httpStatus?: number;
  cause?: unknown;
}

export class WechatError extends Error {
  readonly code: number;
  readonly errmsg: string;
  readonly api: WechatApi;
  readonly kind: WechatErrorKind;
  /** English, for logs and developers; users get `messageKey` translated. */
  readonly hint: string;
  readonly field: string | undefined;
  /**
   * The call may have taken effect although it failed: a sendSms that timed out may have sent.
   * False for every errcode answer and for refusals before the call.
   */
  readonly uncertain: boolean;
  readonly httpStatus: number | undefined;

  constructor(init: WechatErrorInit) {
    const info = CODES[init.code];
    const quota = init.code === INVALID_PARAMETER && SMS_QUOTA_PATTERN.test(init.errmsg);
    const hint =
      init.hint ??
      (quota ? "The CloudBase SMS resource pack is used up; buy more in the developer tools (CloudBase → Settings → Resource packs)." : info?.hint) ??
      "WeChat returned an unexpected error; see errmsg.";
    super(`${init.api} failed with ${init.code}${init.errmsg ? ` (${init.errmsg})` : ""}: ${hint}`, { cause: init.cause });
    this.name = "WechatError";
    this.code = init.code;
    this.errmsg = init.errmsg;
    this.api = init.api;
    this.kind = init.kind ?? (quota ? "quota" : info?.kind ?? "other");
    this.hint = hint;
    this.field = init.field;
    this.uncertain = init.uncertain ?? false;
    this.httpStatus = init.httpStatus;
  }

  /** Key in the `wechat` message namespace for a sentence the user can act on. */
  get messageKey(): string {
    if (this.code === INVALID_PARAMETER && this.kind === "quota") return "errors.smsQuota";
    if (this.kind === "timeout" && this.api === "invokeCloudFunction") return "errors.cloudFunctionTimeout";
    return this.code in CODES ? `errors.${this.code}` : "errors.default";
  }

  /** For 45011: wait until the next minute; for -1: a short pause. Undefined when waiting will not help. */
  get retryAfterMs(): number | undefined {
    if (this.kind === "rate") return 60_000 - (Date.now() % 60_000);
    if (this.kind === "busy" || this.kind === "network") return 1_000;
    return undefined;
  }

  toJSON() {
    return { name: this.name, code: this.code, errmsg: this.errmsg, api: this.api, kind: this.kind, hint: this.hint, messageKey: this.messageKey, field: this.field, uncertain: this.uncertain };
  }
}

export function isWechatError(error: unknown): error is WechatError {
  return error instanceof WechatError;
}

/** An input the client refuses before calling: nothing was sent. */
export function invalidInput(api: WechatApi, field: string, problem: string): WechatError {
  return new WechatError({ code: INVALID_PARAMETER, errmsg: `${field}: ${problem}`, api, field, kind: "param", hint: `Invalid ${field}: ${problem}.` });
}

/** The `wechat` message key for an errcode kept from an earlier failure (a sync's or a job's last error). */
export function wechatMessageKey(code: number, errmsg = ""): string {
  return new WechatError({ code, errmsg, api: "cloudbase.getStatistics" }).messageKey;
}

/** Every code that has a sentence in messages/<locale>/wechat.json, so the message files can be checked. */
export const KNOWN_ERROR_CODES: readonly number[] = Object.keys(CODES).map(Number);
