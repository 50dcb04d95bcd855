import { log } from "@/lib/log";
import { TOKEN_ERRCODES, WechatError, invalidInput, type WechatApi } from "./errors";
import { errcodeOf, errmsgOf, requestJson, type FetchLike } from "./http";
import { createStableTokenProvider, type AccessTokenProvider } from "./token";
import type {
  CallOptions,
  GenerateSchemeInput,
  GenerateSchemeResult,
  GetOpenDataInput,
  GetOpenDataResult,
  InvokeCloudFunctionInput,
  InvokeCloudFunctionResult,
  ReportInput,
  SendSmsInput,
  SendSmsResult,
  StatisticsPage,
  StatisticsQuery,
} from "./types";
import {
  EMPTY_STATISTICS_PAGE,
  openDataBody,
  openDataList,
  parseMaybeJson,
  reportBody,
  schemeBody,
  sendSmsBody,
  sendStatusList,
  statisticsBody,
  statisticsPage,
} from "./wire";

export interface RetryOptions {
  /** Retries after the first attempt, for calls that are harmless to repeat. Default 3. */
  attempts?: number;
  /** First backoff; doubles each retry, with jitter. Default 200 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface WechatClientOptions {
  /** e.g. `https://api.weixin.qq.com`, or the emulator's `http://127.0.0.1:3000/emulator`. */
  apiBase: string;
  appId: string;
  secret: string;
  /** The CloudBase environment used when a call names none. */
  envId: string;
  /** Default: the stable token from apiBase with appId + secret. */
  tokenProvider?: AccessTokenProvider;
  /** CloudBase Cloud Run hands out `cloudbase_access_token` instead. */
  accessTokenParam?: "access_token" | "cloudbase_access_token";
  /** Per call; default 10 s. */
  timeoutMs?: number;
  retry?: RetryOptions;
  fetch?: FetchLike;
}

export interface WechatClient {
  readonly envId: string;
  report(input: ReportInput, options?: CallOptions): Promise<void>;
  /** One page. A 10011 "no data" answer is an empty page, not an error. */
  getStatistics(query: StatisticsQuery, options?: CallOptions): Promise<StatisticsPage>;
  /** Never retried except after a rejected token: a repeated call can send twice. */
  sendSms(input: SendSmsInput, options?: CallOptions): Promise<SendSmsResult>;
  getOpenData<T = unknown>(input: GetOpenDataInput, options?: CallOptions): Promise<GetOpenDataResult<T>>;
  invokeCloudFunction<T = unknown>(input: InvokeCloudFunctionInput, options?: CallOptions): Promise<InvokeCloudFunctionResult<T>>;
  generateScheme(input: GenerateSchemeInput, options?: CallOptions): Promise<GenerateSchemeResult>;
}

interface CallSpec {
  api: WechatApi;
  path: string;
  body: unknown;
  query?: Record<string, string>;
  /** Harmless to repeat: retried on -1 (system busy) and on connection failures. */
  idempotent: boolean;
  /** errcodes that mean "nothing", answered with `null` instead of an error. */
  emptyOn?: number;
  options?: CallOptions;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export function createWechatClient(options: WechatClientOptions): WechatClient {
  const apiBase = options.apiBase.replace(/\/$/, "");
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const tokens = options.tokenProvider ?? createStableTokenProvider({ apiBase, appId: options.appId, secret: options.secret, fetch: doFetch });
  const tokenParam = options.accessTokenParam ?? "access_token";
  const retry = { attempts: options.retry?.attempts ?? 3, baseDelayMs: options.retry?.baseDelayMs ?? 200, maxDelayMs: options.retry?.maxDelayMs ?? 5_000 };

  async function call(spec: CallSpec): Promise<Record<string, unknown> | null> {
    const payload = JSON.stringify(spec.body);
    const extraQuery = spec.query ? `&${new URLSearchParams(spec.query)}` : "";
    const timeoutMs = spec.options?.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let tokenRetried = false;
    for (let retries = 0; ; ) {
      const token = await tokens.getToken();
      const started = Date.now();
      let body: Record<string, unknown>;
      try {
        body = await requestJson({
          api: spec.api,
          method: "POST",
          url: `${apiBase}${spec.path}?${tokenParam}=${encodeURIComponent(token)}${extraQuery}`,
          body: payload,
          timeoutMs,
          fetch: doFetch,
          signal: spec.options?.signal,
        });
      } catch (error) {
        if (error instanceof WechatError && error.kind === "network" && spec.idempotent && retries < retry.attempts && !spec.options?.signal?.aborted) {
          await sleep(backoff(retries++));
          continue;
        }
        log.warn({ api: spec.api, code: (error as WechatError).code, errmsg: (error as WechatError).errmsg, ms: Date.now() - started }, "wechat call failed");
        throw error;
      }
      const code = errcodeOf(body);
      log.debug({ api: spec.api, errcode: code, ms: Date.now() - started }, "wechat call");
      if (code === 0) return body;
      if (code === spec.emptyOn) return null;
      if (TOKEN_ERRCODES.has(code) && !tokenRetried) {
        tokens.invalidate(token);
        tokenRetried = true;
        continue;
      }
      if (code === -1 && spec.idempotent && retries < retry.attempts) {
        await sleep(backoff(retries++));
        continue;
      }
      const error = wechatError(spec.api, code, errmsgOf(body));
      log.warn({ api: spec.api, code, errmsg: error.errmsg, kind: error.kind }, "wechat call failed");
      throw error;
    }
  }

  /** Exponential with "equal jitter" (half fixed, half random): callers that failed together retry apart. */
  function backoff(attempt: number): number {
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  return {
    envId: options.envId,

    async report(input, callOptions) {
      await call({
        api: "cloudbase.report",
        path: "/tcb/cloudbasereport",
        body: reportBody(input, options.envId),
        // Recording the same H5 visit twice counts one session; a send task reported twice would count twice.
        idempotent: input.reportAction === "openH5",
        options: callOptions,
      });
    },

    async getStatistics(query, callOptions) {
      const body = await call({
        api: "cloudbase.getStatistics",
        path: "/tcb/getstatistics",
        body: statisticsBody(query, options.envId),
        idempotent: true,
        emptyOn: 10011,
        options: callOptions,
      });
      return body ? statisticsPage(body) : { ...EMPTY_STATISTICS_PAGE, dataColumn: [], dataValue: [] };
    },

    async sendSms(input, callOptions) {
      const body = await call({ api: "cloudbase.sendSms", path: "/tcb/sendsms", body: sendSmsBody(input, options.envId), idempotent: false, options: callOptions });
      return { sendStatusList: sendStatusList(body!) };
    },

    async getOpenData<T>(input: GetOpenDataInput, callOptions?: CallOptions) {
      const body = await call({
        api: "getOpenData",
        path: "/wxa/getopendata",
        body: openDataBody(input),
        query: input.openid ? { openid: input.openid } : undefined,
        idempotent: true,
        options: callOptions,
      });
      return { dataList: openDataList(body!) } as GetOpenDataResult<T>;
    },

    async invokeCloudFunction<T>(input: InvokeCloudFunctionInput, callOptions?: CallOptions) {
      if (typeof input.name !== "string" || !input.name.trim()) throw invalidInput("invokeCloudFunction", "name", "is required");
      const env = input.env ?? options.envId;
      if (!env) throw invalidInput("invokeCloudFunction", "env", "is required");
      const body = await call({
        api: "invokeCloudFunction",
        path: "/tcb/invokecloudfunction",
        body: input.data ?? {},
        query: { env, name: input.name },
        idempotent: false,
        options: callOptions,
      });
      const raw = body!.resp_data ?? body!.respData;
      // A function that returns nothing answers an empty resp_data.
      return { respData: (raw === "" || raw === undefined ? null : parseMaybeJson(raw)) as T };
    },

    async generateScheme(input, callOptions) {
      const body = await call({ api: "generateScheme", path: "/wxa/generatescheme", body: schemeBody(input), idempotent: true, options: callOptions });
      const openlink = body!.openlink;
      if (typeof openlink !== "string" || !openlink) {
        throw new WechatError({ code: -90003, errmsg: "no openlink in the answer", api: "generateScheme" });
      }
      return { openlink };
    },
  };
}

const CLOUD_FUNCTION_TIMEOUT = /time ?limit|timed? ?out|超时/i;
const CLOUD_FUNCTION_TIMEOUT_CODE = -504003;

function wechatError(api: WechatApi, code: number, errmsg: string): WechatError {
  if (api === "invokeCloudFunction" && (code === CLOUD_FUNCTION_TIMEOUT_CODE || CLOUD_FUNCTION_TIMEOUT.test(errmsg))) {
    return new WechatError({
      code,
      errmsg,
      api,
      kind: "timeout",
      uncertain: true,
      hint: "The cloud function did not finish within the 5-second limit for HTTP-triggered functions; make it faster or start long work asynchronously. It may have done part of its work.",
    });
  }
  return new WechatError({ code, errmsg, api });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
