import type { AppConfig } from "@/lib/config";
import { createWechatClient, isWechatError, tokenProviderFor, type FetchLike, type WechatError } from "@/lib/wechat";

/**
 * "Test the connection" on the Settings page: gets an access token with the configured credentials (a fresh
 * provider, so a cached token cannot hide a wrong secret) and makes one harmless call, a statistics query for
 * an activity that does not exist, which a healthy connection answers with "no data" (10011). Nothing is sent
 * or changed.
 */
export type ConnectionStepName = "token" | "api";

export interface ConnectionProblem {
  code: number;
  kind: string;
  /** Key in the `wechat` namespace for what the code means. */
  messageKey: string;
  /** WeChat's own words (it names the caller's IP for 40164). */
  errmsg: string;
  hint: string;
}

export interface ConnectionStep {
  name: ConnectionStepName;
  ok: boolean;
  ms: number;
  problem?: ConnectionProblem;
}

export interface ConnectionTestResult {
  ok: boolean;
  mode: AppConfig["wechat"]["mode"];
  steps: ConnectionStep[];
  /** The problem that stopped the test, when it failed. */
  problem?: ConnectionProblem;
  testedAt: string;
}

const PROBE_ACTIVITY = "hongyan-connection-test";
const TIMEOUT_MS = 8_000;

function problemOf(error: unknown): ConnectionProblem {
  if (!isWechatError(error)) {
    return { code: -90002, kind: "network", messageKey: "errors.-90002", errmsg: error instanceof Error ? error.message.slice(0, 300) : String(error), hint: "" };
  }
  const e = error as WechatError;
  return { code: e.code, kind: e.kind, messageKey: e.messageKey, errmsg: e.errmsg, hint: e.hint };
}

export async function testWechatConnection(wechat: AppConfig["wechat"], options: { fetch?: FetchLike; now?: Date } = {}): Promise<ConnectionTestResult> {
  const steps: ConnectionStep[] = [];
  const finish = (problem?: ConnectionProblem): ConnectionTestResult => ({
    ok: !problem,
    mode: wechat.mode,
    steps,
    ...(problem ? { problem } : {}),
    testedAt: (options.now ?? new Date()).toISOString(),
  });

  const tokens = tokenProviderFor(wechat);
  let started = Date.now();
  try {
    await tokens.getToken();
    steps.push({ name: "token", ok: true, ms: Date.now() - started });
  } catch (error) {
    const problem = problemOf(error);
    steps.push({ name: "token", ok: false, ms: Date.now() - started, problem });
    return finish(problem);
  }

  const client = createWechatClient({
    apiBase: wechat.apiBase,
    appId: wechat.appId,
    secret: wechat.secret,
    envId: wechat.envId,
    tokenProvider: tokens,
    timeoutMs: TIMEOUT_MS,
    retry: { attempts: 0 },
    fetch: options.fetch,
  });
  const end = Math.floor((options.now ?? new Date()).getTime() / 1000);
  started = Date.now();
  try {
    await client.getStatistics({
      action: "smsMarketingOverviewData",
      beginDate: end - 86_400,
      endDate: end,
      pageOffset: 0,
      pageLimit: 1,
      condition: { activityId: PROBE_ACTIVITY, byChannelId: "0" },
    });
    steps.push({ name: "api", ok: true, ms: Date.now() - started });
    return finish();
  } catch (error) {
    const problem = problemOf(error);
    steps.push({ name: "api", ok: false, ms: Date.now() - started, problem });
    return finish(problem);
  }
}
