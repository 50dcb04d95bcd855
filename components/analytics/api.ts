import type { ActionResult } from "@/lib/auth/action";
import type { ErrorCode } from "@/lib/errors";
import type { AnalyticsProblem } from "@/lib/analytics/schemas";
import { WechatError } from "@/lib/wechat/errors";

/** A failed analytics view, carrying what the server said so the panel can explain it. */
export class AnalyticsRequestError extends Error {
  constructor(readonly problem: AnalyticsProblem) {
    super(`analytics view failed: ${problem.code}`);
    this.name = "AnalyticsRequestError";
  }
}

const APP_CODES: Record<string, string> = {
  "common.errors.unauthenticated": "unauthenticated",
  "common.errors.forbidden": "forbidden",
  "common.errors.invalidInput": "invalid",
};

/** What a failed action answered, as the panels read it: WeChat's errcode with its kind and message key, or the app's code. */
export function problemOf(result: { error: ErrorCode }): AnalyticsProblem {
  const params = result.error.params ?? {};
  if (result.error.code === "wechat.errors.default" && params.errcode !== undefined) {
    const e = new WechatError({ code: Number(params.errcode), errmsg: String(params.errmsg ?? ""), api: "cloudbase.getStatistics" });
    return { source: "wechat", code: e.code, kind: e.kind, messageKey: e.messageKey, errmsg: e.errmsg };
  }
  return { source: "app", code: APP_CODES[result.error.code] ?? "internal" };
}

/**
 * Calls an analytics view's server action for TanStack Query: the data, or an AnalyticsRequestError. A request
 * that never reached the server is "offline".
 */
export async function runView<I, T>(action: (input: I) => Promise<ActionResult<T>>, input: I): Promise<T> {
  let result: ActionResult<T>;
  try {
    result = await action(input);
  } catch {
    throw new AnalyticsRequestError({ source: "app", code: "offline" });
  }
  if (!result.ok) throw new AnalyticsRequestError(problemOf(result));
  return result.data;
}
