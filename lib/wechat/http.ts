import { LOCAL_CODES, WechatError, type WechatApi } from "./errors";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpRequest {
  api: WechatApi;
  method: "GET" | "POST";
  /** Full URL; may carry a token, so it never goes into an error or a log. */
  url: string;
  body?: string;
  timeoutMs: number;
  fetch: FetchLike;
  signal?: AbortSignal;
}

/** Connection errors that prove the request never left: retrying or reporting "not sent" is safe. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT", "CERT_HAS_EXPIRED", "DEPTH_ZERO_SELF_SIGNED_CERT"]);

/**
 * One HTTP exchange that must end in a JSON object. Transport failures become WechatErrors of kind
 * `timeout` or `network`, marked `uncertain` unless the request provably never left.
 */
export async function requestJson(req: HttpRequest): Promise<Record<string, unknown>> {
  if (req.signal?.aborted) throw new WechatError({ code: LOCAL_CODES.network, errmsg: "aborted by caller", api: req.api, uncertain: false });
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onOuterAbort = () => controller.abort();
  req.signal?.addEventListener("abort", onOuterAbort, { once: true });
  try {
    const response = await untilAborted(
      req.fetch(req.url, {
        method: req.method,
        headers: req.body === undefined ? undefined : { "content-type": "application/json" },
        body: req.body,
        signal: controller.signal,
      }),
      controller.signal,
    );
    const text = await untilAborted(response.text(), controller.signal);
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    // A JSON error page from a proxy (HTTP 4xx/5xx without an errcode) must not read as errcode 0.
    const isWechatAnswer =
      parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) && (response.ok || "errcode" in parsed || "errCode" in parsed);
    if (!isWechatAnswer) {
      throw new WechatError({
        code: LOCAL_CODES.badResponse,
        errmsg: `HTTP ${response.status}, ${text.length} bytes, not WeChat's JSON`,
        api: req.api,
        httpStatus: response.status,
        // A gateway error (502/504) may hide a request that reached WeChat.
        uncertain: response.status >= 500,
      });
    }
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof WechatError) throw error;
    if (timedOut) {
      throw new WechatError({
        code: LOCAL_CODES.timeout,
        errmsg: `no answer within ${req.timeoutMs} ms`,
        api: req.api,
        uncertain: true,
        hint:
          req.api === "invokeCloudFunction"
            ? `No answer within ${req.timeoutMs} ms. HTTP-triggered cloud functions have a 5-second limit; make the function faster or start long work asynchronously. The function may still have run.`
            : undefined,
        cause: error,
      });
    }
    const code = networkErrorCode(error);
    throw new WechatError({
      code: LOCAL_CODES.network,
      errmsg: code ?? (req.signal?.aborted ? "aborted by caller" : "connection failed"),
      api: req.api,
      uncertain: !(code && NEVER_SENT.has(code)),
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", onOuterAbort);
  }
}

/**
 * `work`, or the signal's reason once it aborts, whether or not `work` heeds the signal. Node's fetch does not always:
 * undici follows the caller's signal through a weak reference to its own controller, and once that controller is
 * collected an abort no longer reaches a request in flight. CI saw statistics calls to a server that never answered
 * stay "calling WeChat" for four minutes, their 10-second timeout fired and lost.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener("abort", onAbort));
}

/** undici wraps the socket error: TypeError('fetch failed') with `cause.code`. */
function networkErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** `errcode` as a number, also from the cloud-call form (`errCode`); 0 when absent. */
export function errcodeOf(body: Record<string, unknown>): number {
  const raw = body.errcode ?? body.errCode ?? 0;
  const code = typeof raw === "number" ? raw : Number(raw);
  return Number.isFinite(code) ? code : -1;
}

export function errmsgOf(body: Record<string, unknown>): string {
  const raw = body.errmsg ?? body.errMsg ?? "";
  return typeof raw === "string" ? raw : String(raw);
}
