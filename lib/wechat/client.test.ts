import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { decodeOverview, smsFunnel } from "@/lib/statistics";
import conversionCloud from "@/lib/statistics/fixtures/conversion.cloud.json";
import conversionHttps from "@/lib/statistics/fixtures/conversion.https.json";
import { createWechatClient, type WechatClientOptions } from "./client";
import { LOCAL_CODES, WechatError } from "./errors";
import getOpenDataFixture from "./fixtures/getOpenData.json";
import getStatisticsFixture from "./fixtures/getStatistics.json";
import invokeFixture from "./fixtures/invokeCloudFunction.json";
import reportFixture from "./fixtures/report.json";
import sendSmsFixture from "./fixtures/sendSms.json";
import { startFakeWechat, type FakeWechat } from "./test-server";
import { createFixedTokenProvider } from "./token";
import type { ReportInput, SendSmsInput, StatisticsQuery } from "./types";

let server: FakeWechat;

beforeEach(async () => {
  server = await startFakeWechat();
});
afterEach(async () => {
  await server.close();
});

function client(overrides: Partial<WechatClientOptions> = {}) {
  return createWechatClient({ apiBase: server.url, appId: "wxapp", secret: "s3cret", envId: "env-default", retry: { baseDelayMs: 1 }, ...overrides });
}

async function failure(promise: Promise<unknown>): Promise<WechatError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(WechatError);
  return outcome as WechatError;
}

const marketing: SendSmsInput = { smsType: "Marketing", phoneNumberList: ["+8613800138000"], content: "新品上市", path: "/index.html?activityId=a1" };

describe("the seed examples, on the wire", () => {
  it.each(Object.entries(reportFixture.examples))("report %s puts the documented body on the wire", async (_name, example) => {
    await client().report(example.cloudCall as ReportInput);
    const [call] = server.calls("/tcb/cloudbasereport");
    expect(call.method).toBe("POST");
    expect(call.query).toEqual({ access_token: "token-1" });
    expect(call.body).toEqual(example.https);
    expect(call.rawBody).toBe(JSON.stringify(example.https)); // same keys in the document's order
  });

  it.each(Object.entries(getStatisticsFixture.examples))("getStatistics %s puts the documented body on the wire", async (_name, example) => {
    await client().getStatistics(example.cloudCall as StatisticsQuery);
    const [call] = server.calls("/tcb/getstatistics");
    expect(call.query).toEqual({ access_token: "token-1" });
    expect(call.body).toEqual(example.https);
    expect(call.rawBody).toBe(JSON.stringify(example.https));
  });

  it.each(Object.entries(sendSmsFixture.examples))("sendSms %s puts the documented body on the wire", async (_name, example) => {
    await client().sendSms(example.cloudCall as SendSmsInput);
    expect(server.calls("/tcb/sendsms")[0].body).toEqual(example.https);
    expect(server.calls("/tcb/sendsms")[0].rawBody).toBe(JSON.stringify(example.https));
  });

  it("getOpenData puts cloudid_list on the wire", async () => {
    await client().getOpenData(getOpenDataFixture.examples.default.cloudCall);
    expect(server.calls("/wxa/getopendata")[0].rawBody).toBe(JSON.stringify(getOpenDataFixture.examples.default.https));
  });

  it("invokeCloudFunction sends env and name in the query and the input as the body", async () => {
    const example = invokeFixture.examples.login;
    server.route("/tcb/invokecloudfunction", () => ({ body: invokeFixture.response }));
    const result = await client().invokeCloudFunction(example.input);
    const [call] = server.calls("/tcb/invokecloudfunction");
    expect(call.query).toEqual({ access_token: "token-1", ...example.query });
    expect(call.body).toEqual(example.https);
    expect(result.respData).toEqual({ event: { userInfo: { appId: "SAMPLE_APPID" } }, appid: "SAMPLE_APPID" });
  });

  it("returns a cloud function's non-JSON resp_data as the string, and an empty one as null", async () => {
    server.route("/tcb/invokecloudfunction", (req) => ({ body: { errcode: 0, errmsg: "ok", resp_data: req.query.name === "plain" ? "hello" : "" } }));
    expect((await client().invokeCloudFunction({ name: "plain" })).respData).toBe("hello");
    expect((await client().invokeCloudFunction({ name: "nothing" })).respData).toBeNull();
  });

  it("does not call at all when the caller's signal is already aborted", async () => {
    const error = await failure(client().getStatistics(getStatisticsFixture.examples.overview.cloudCall as StatisticsQuery, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ kind: "network", errmsg: "aborted by caller", uncertain: false });
    expect(server.calls("/tcb/getstatistics")).toHaveLength(0);
  });

  it("uses cloudbase_access_token in the query when configured so", async () => {
    await client({ accessTokenParam: "cloudbase_access_token" }).report(reportFixture.examples.openH5.cloudCall as ReportInput);
    expect(server.calls("/tcb/cloudbasereport")[0].query).toEqual({ cloudbase_access_token: "token-1" });
  });

  it("fills envId and env from the client's environment when a call names none", async () => {
    const c = client();
    await c.report({ reportAction: "openH5", activityId: "a1", channelId: "_cms_sms_", sessionId: "s1" });
    await c.sendSms(marketing);
    await c.invokeCloudFunction({ name: "export", data: { segment: "vip" } });
    expect((server.calls("/tcb/cloudbasereport")[0].body as { env_id: string }).env_id).toBe("env-default");
    expect((server.calls("/tcb/sendsms")[0].body as { env: string }).env).toBe("env-default");
    expect(server.calls("/tcb/invokecloudfunction")[0]).toMatchObject({ query: { env: "env-default", name: "export" }, body: { segment: "vip" } });
  });

  it("sends phone_count as a string when given a number", async () => {
    await client().report({ reportAction: "sendSmsTask", activityId: "a1", taskId: "t1", phoneCount: 5000 });
    expect((server.calls("/tcb/cloudbasereport")[0].body as { phone_count: unknown }).phone_count).toBe("5000");
  });

  it("maps generateScheme to jump_wxa and the expiry fields and returns the openlink", async () => {
    server.route("/wxa/generatescheme", () => ({ body: { errcode: 0, errmsg: "ok", openlink: "weixin://dl/business/?t=abc" } }));
    const result = await client().generateScheme({
      jumpWxa: { path: "pages/index/index", query: "_activityId_=a1&_source_=_cms_sms_", envVersion: "release" },
      isExpire: true,
      expireType: 1,
      expireInterval: 1,
    });
    expect(result.openlink).toBe("weixin://dl/business/?t=abc");
    expect(server.calls("/wxa/generatescheme")[0].body).toEqual({
      jump_wxa: { path: "pages/index/index", query: "_activityId_=a1&_source_=_cms_sms_", env_version: "release" },
      is_expire: true,
      expire_type: 1,
      expire_interval: 1,
    });
  });
});

describe("the seed responses, decoded", () => {
  it("sendSms returns each number's status in camelCase, from either response form", async () => {
    server.route("/tcb/sendsms", () => ({ body: sendSmsFixture.response }));
    const https = await client().sendSms(sendSmsFixture.examples.marketing.cloudCall as SendSmsInput);
    server.route("/tcb/sendsms", () => ({ body: sendSmsFixture.cloudResponse }));
    const cloud = await client().sendSms(sendSmsFixture.examples.marketing.cloudCall as SendSmsInput);
    expect(https.sendStatusList).toEqual(sendSmsFixture.cloudResponse.sendStatusList);
    expect(cloud).toEqual(https);
  });

  it("getOpenData returns json parsed whether it arrives as an object or a string", async () => {
    const expected = getOpenDataFixture.cloudResponse.dataList;
    server.route("/wxa/getopendata", () => ({ body: getOpenDataFixture.response }));
    expect((await client().getOpenData({ cloudidList: ["xxx"] })).dataList).toEqual(expected);
    const asString = { ...getOpenDataFixture.response, data_list: [{ cloud_id: "xxx", json: JSON.stringify(getOpenDataFixture.response.data_list[0].json) }] };
    server.route("/wxa/getopendata", () => ({ body: asString }));
    expect((await client().getOpenData({ cloudidList: ["xxx"] })).dataList).toEqual(expected);
  });

  it("getStatistics returns the conversion page in the cloud-call form, and it decodes to the seed's funnel", async () => {
    server.route("/tcb/getstatistics", () => ({ body: { errcode: 0, errmsg: "ok", ...conversionHttps } }));
    const page = await client().getStatistics(getStatisticsFixture.examples.conversion.cloudCall as StatisticsQuery);
    const { errMsg: _ignored, ...cloudPage } = conversionCloud;
    expect(page).toEqual(cloudPage);
    const [row] = decodeOverview(page);
    expect(smsFunnel(row).map((s) => [s.key, s.count, s.rateFromPrevious, s.rateFromFirst])).toEqual([
      ["smsSent", 10000, 1, 1],
      ["h5Opened", 5000, 0.5, 0.5],
      ["wxappOpened", 3000, 0.6, 0.3],
    ]);
  });

  it("treats 10011 from getStatistics as an empty page", async () => {
    server.route("/tcb/getstatistics", () => ({ body: { errcode: 10011, errmsg: "no data" } }));
    const page = await client().getStatistics(getStatisticsFixture.examples.overview.cloudCall as StatisticsQuery);
    expect(page).toEqual({ dataColumn: [], dataValue: [], totalNum: 0 });
  });
});

describe("access tokens", () => {
  it("shares one stable_token refresh among concurrent calls", async () => {
    server.tokenDelayMs = 50;
    const c = client();
    const query = getStatisticsFixture.examples.overview.cloudCall as StatisticsQuery;
    await Promise.all(Array.from({ length: 20 }, () => c.getStatistics(query)));
    expect(server.calls("/cgi-bin/stable_token")).toHaveLength(1);
    expect(server.calls("/cgi-bin/stable_token")[0].body).toEqual({ grant_type: "client_credential", appid: "wxapp", secret: "s3cret", force_refresh: false });
    expect(new Set(server.calls("/tcb/getstatistics").map((r) => r.query.access_token))).toEqual(new Set(["token-1"]));
  });

  it("reuses the cached token across calls", async () => {
    const c = client();
    await c.sendSms(marketing);
    await c.sendSms(marketing);
    expect(server.calls("/cgi-bin/stable_token")).toHaveLength(1);
  });

  it("on 42001 drops the token, fetches a new one and retries exactly once", async () => {
    const c = client();
    await c.sendSms(marketing);
    server.expire("token-1");
    const result = await c.sendSms(marketing);
    expect(result.sendStatusList).toEqual([]);
    expect(server.calls("/tcb/sendsms").map((r) => r.query.access_token)).toEqual(["token-1", "token-1", "token-2"]);
    expect(server.calls("/cgi-bin/stable_token")).toHaveLength(2);
  });

  it("surfaces a second 42001 as a token error", async () => {
    server.route("/tcb/sendsms", () => ({ body: { errcode: 42001, errmsg: "access_token expired" } }));
    const error = await failure(client().sendSms(marketing));
    expect(error).toMatchObject({ code: 42001, kind: "token", api: "cloudbase.sendSms", uncertain: false });
    expect(server.calls("/tcb/sendsms")).toHaveLength(2);
  });

  it("refreshes once for many concurrent calls that all failed with the same token", async () => {
    const c = client();
    await c.report({ reportAction: "openH5", activityId: "a", channelId: "c", sessionId: "s" });
    server.expire("token-1");
    await Promise.all(Array.from({ length: 5 }, (_, i) => c.report({ reportAction: "openH5", activityId: "a", channelId: "c", sessionId: `s${i}` })));
    expect(server.calls("/cgi-bin/stable_token")).toHaveLength(2);
    expect(server.calls("/tcb/cloudbasereport").filter((r) => r.query.access_token === "token-2")).toHaveLength(5);
  });

  it("forces a stable_token refresh when WeChat keeps returning the token it just rejected", async () => {
    let forced = 0;
    server.route("/cgi-bin/stable_token", (req) => {
      const force = (req.body as { force_refresh: boolean }).force_refresh;
      if (force) forced++;
      const token = force ? "fresh" : "stale";
      server.validTokens.add(token);
      return { body: { access_token: token, expires_in: 7200 } };
    });
    server.expire("stale");
    await client().sendSms(marketing);
    expect(forced).toBe(1);
    expect(server.calls("/tcb/sendsms").map((r) => r.query.access_token)).toEqual(["stale", "fresh"]);
  });

  it("a fixed token that WeChat rejects surfaces after one retry, without a token request", async () => {
    const error = await failure(client({ tokenProvider: createFixedTokenProvider("not-valid") }).sendSms(marketing));
    expect(error).toMatchObject({ code: 40001, kind: "token" });
    expect(server.calls("/tcb/sendsms")).toHaveLength(2);
    expect(server.calls("/cgi-bin/stable_token")).toHaveLength(0);
  });

  it("reports a token endpoint failure as the configuration error it is", async () => {
    server.route("/cgi-bin/stable_token", () => ({ body: { errcode: 40125, errmsg: "invalid appsecret" } }));
    const error = await failure(client().sendSms(marketing));
    expect(error).toMatchObject({ code: 40125, kind: "config", api: "stable_token" });
    expect(server.calls("/tcb/sendsms")).toHaveLength(0);
  });

  it("never writes a token or the secret to the log", async () => {
    const written: unknown[] = [];
    const spies = (["debug", "info", "warn", "error"] as const).map((level) =>
      vi.spyOn(log, level).mockImplementation(((...args: unknown[]) => void written.push(args)) as never),
    );
    try {
      const c = client({ timeoutMs: 50 });
      await c.sendSms(marketing);
      server.expire("token-1");
      server.route("/tcb/getstatistics", () => ({ delayMs: 200 }));
      await c.sendSms(marketing);
      await failure(c.getStatistics(getStatisticsFixture.examples.overview.cloudCall as StatisticsQuery));
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(written.length).toBeGreaterThan(2);
    const text = JSON.stringify(written);
    expect(text).not.toMatch(/token-\d|s3cret/);
  });

  it("never puts a token or the secret into an error", async () => {
    server.route("/tcb/sendsms", () => ({ delayMs: 200 }));
    const error = await failure(client({ timeoutMs: 50 }).sendSms(marketing));
    const text = `${error.message} ${JSON.stringify(error)} ${error.hint} ${error.errmsg}`;
    expect(text).not.toContain("token-1");
    expect(text).not.toContain("s3cret");
  });
});

describe("errors and retries", () => {
  it("retries -1 on getStatistics with backoff until it succeeds", async () => {
    let calls = 0;
    server.route("/tcb/getstatistics", () => ({ body: ++calls < 3 ? { errcode: -1, errmsg: "system error" } : { errcode: 0, ...conversionHttps } }));
    const page = await client().getStatistics(getStatisticsFixture.examples.conversion.cloudCall as StatisticsQuery);
    expect(page.totalNum).toBe(1);
    expect(server.calls("/tcb/getstatistics")).toHaveLength(3);
  });

  it("gives up on -1 after the configured retries", async () => {
    server.route("/tcb/getstatistics", () => ({ body: { errcode: -1, errmsg: "system error" } }));
    const error = await failure(client({ retry: { attempts: 2, baseDelayMs: 1 } }).getStatistics(getStatisticsFixture.examples.overview.cloudCall as StatisticsQuery));
    expect(error).toMatchObject({ code: -1, kind: "busy" });
    expect(server.calls("/tcb/getstatistics")).toHaveLength(3);
  });

  it("never retries -1 on sendSms", async () => {
    server.route("/tcb/sendsms", () => ({ body: { errcode: -1, errmsg: "system error" } }));
    const error = await failure(client().sendSms(marketing));
    expect(error).toMatchObject({ code: -1, kind: "busy", api: "cloudbase.sendSms" });
    expect(server.calls("/tcb/sendsms")).toHaveLength(1);
  });

  it("retries -1 on report openH5 and getOpenData, but not on report sendSmsTask or invokeCloudFunction", async () => {
    for (const path of ["/tcb/cloudbasereport", "/wxa/getopendata", "/tcb/invokecloudfunction"]) {
      server.route(path, () => ({ body: { errcode: -1, errmsg: "system error" } }));
    }
    const c = client({ retry: { attempts: 1, baseDelayMs: 1 } });
    await failure(c.report({ reportAction: "openH5", activityId: "a", channelId: "c", sessionId: "s" }));
    expect(server.calls("/tcb/cloudbasereport")).toHaveLength(2);
    await failure(c.report({ reportAction: "sendSmsTask", activityId: "a", taskId: "t", phoneCount: "1" }));
    expect(server.calls("/tcb/cloudbasereport")).toHaveLength(3);
    await failure(c.getOpenData({ cloudidList: ["x"] }));
    expect(server.calls("/wxa/getopendata")).toHaveLength(2);
    await failure(c.invokeCloudFunction({ name: "f" }));
    expect(server.calls("/tcb/invokecloudfunction")).toHaveLength(1);
  });

  it("times out a slow server with an error that says so and marks the call uncertain", async () => {
    server.route("/tcb/sendsms", () => ({ delayMs: 1_000 }));
    const error = await failure(client({ timeoutMs: 100 }).sendSms(marketing));
    expect(error).toMatchObject({ code: LOCAL_CODES.timeout, kind: "timeout", uncertain: true, api: "cloudbase.sendSms" });
    expect(error.message).toContain("no answer within 100 ms");
  });

  it("times out a request whose fetch never settles and does not heed its abort", async () => {
    const deaf = client({ timeoutMs: 100, fetch: () => new Promise<Response>(() => {}), tokenProvider: createFixedTokenProvider("fixed-token") });
    const error = await failure(deaf.getStatistics({ action: "smsMarketingOverviewData", beginDate: 0, endDate: 1, condition: { activityId: "a", byChannelId: "1" }, pageOffset: 0, pageLimit: 10 }));
    expect(error).toMatchObject({ code: LOCAL_CODES.timeout, kind: "timeout", api: "cloudbase.getStatistics" });
  });

  it("names the 5-second limit when a cloud function call times out", async () => {
    server.route("/tcb/invokecloudfunction", () => ({ delayMs: 1_000 }));
    const error = await failure(client().invokeCloudFunction({ name: "slow" }, { timeoutMs: 100 }));
    expect(error.kind).toBe("timeout");
    expect(error.hint).toContain("5-second limit");
    expect(error.messageKey).toBe("errors.cloudFunctionTimeout");
  });

  it("names the 5-second limit when WeChat reports the cloud function timed out", async () => {
    server.route("/tcb/invokecloudfunction", () => ({ body: { errcode: -504003, errmsg: "Invoking task timed out after 5 seconds" } }));
    const error = await failure(client().invokeCloudFunction({ name: "slow" }));
    expect(error).toMatchObject({ code: -504003, kind: "timeout" });
    expect(error.hint).toContain("5-second limit");
  });

  it("treats the emulator's -504003 'time limit exceeded' as the cloud function's timeout", async () => {
    server.route("/tcb/invokecloudfunction", () => ({ body: { errcode: -504003, errmsg: "functions time limit exceeded: slow ran longer than 5 s" } }));
    const error = await failure(client().invokeCloudFunction({ name: "slow" }));
    expect(error).toMatchObject({ kind: "timeout", uncertain: true, messageKey: "errors.cloudFunctionTimeout" });
  });

  it("marks a dropped connection on sendSms as an uncertain network error and does not retry it", async () => {
    server.route("/tcb/sendsms", () => ({ destroy: true }));
    const error = await failure(client().sendSms(marketing));
    expect(error).toMatchObject({ kind: "network", uncertain: true });
    expect(server.calls("/tcb/sendsms")).toHaveLength(1);
  });

  it("marks a refused connection as certainly not sent", async () => {
    const closed = await startFakeWechat();
    const url = closed.url;
    await closed.close();
    const error = await failure(client({ apiBase: url, tokenProvider: createFixedTokenProvider("t") }).sendSms(marketing));
    expect(error).toMatchObject({ kind: "network", uncertain: false, errmsg: "ECONNREFUSED" });
  });

  it("reports an answer that is not JSON (a gateway page) as a network error", async () => {
    server.route("/tcb/getstatistics", () => ({ status: 502, body: "<html>Bad Gateway</html>" }));
    const error = await failure(client({ retry: { attempts: 0 } }).getStatistics(getStatisticsFixture.examples.overview.cloudCall as StatisticsQuery));
    expect(error).toMatchObject({ code: LOCAL_CODES.badResponse, kind: "network", httpStatus: 502, uncertain: true });
  });

  it("does not read a proxy's JSON error page (no errcode) as success", async () => {
    server.route("/tcb/sendsms", () => ({ status: 503, body: { message: "upstream unavailable" } }));
    const error = await failure(client().sendSms(marketing));
    expect(error).toMatchObject({ code: LOCAL_CODES.badResponse, kind: "network", httpStatus: 503, uncertain: true });
    expect(server.calls("/tcb/sendsms")).toHaveLength(1);
  });

  it.each([
    [40164, "config", "errors.40164"],
    [45009, "quota", "errors.45009"],
    [45011, "rate", "errors.45011"],
    [-601027, "config", "errors.-601027"],
    [-501007, "param", "errors.-501007"],
    [12345, "other", "errors.default"],
  ])("turns errcode %i into a %s WechatError", async (code, kind, messageKey) => {
    server.route("/tcb/sendsms", () => ({ body: { errcode: code, errmsg: "from wechat" } }));
    const error = await failure(client().sendSms(marketing));
    expect(error).toMatchObject({ code, kind, errmsg: "from wechat", api: "cloudbase.sendSms", messageKey });
    expect(error.hint.length).toBeGreaterThan(10);
  });

  it("recognises a used-up SMS pack in -501007", async () => {
    server.route("/tcb/sendsms", () => ({ body: { errcode: -501007, errmsg: "短信配额不足" } }));
    const error = await failure(client().sendSms(marketing));
    expect(error).toMatchObject({ kind: "quota", messageKey: "errors.smsQuota" });
  });
});

describe("inputs checked before the call", () => {
  const numbers = (n: number) => Array.from({ length: n }, (_, i) => `+86138${String(i).padStart(8, "0")}`);

  it.each<[string, SendSmsInput, string]>([
    ["no numbers", { ...marketing, phoneNumberList: [] }, "phoneNumberList"],
    ["1001 numbers", { ...marketing, phoneNumberList: numbers(1001) }, "phoneNumberList"],
    ["a number without +86", { ...marketing, phoneNumberList: ["+8613800138000", "13800138000"] }, "phoneNumberList[1]"],
    ["a number with 10 digits", { ...marketing, phoneNumberList: ["+861380013800"] }, "phoneNumberList[0]"],
    ["content over 30 characters", { ...marketing, content: "一".repeat(31) }, "content"],
    ["a path without a leading slash", { ...marketing, path: "index.html" }, "path"],
    ["a marketing SMS without a path", { ...marketing, path: "" }, "path"],
    ["a notification without template_id", { smsType: "Notification", phoneNumberList: ["+8613800138000"], templateId: "", templateParamList: [] }, "templateId"],
    ["a notification without template_param_list", { smsType: "Notification", phoneNumberList: ["+8613800138000"], templateId: "1" } as unknown as SendSmsInput, "templateParamList"],
  ])("sendSms refuses %s", async (_name, input, field) => {
    const error = await failure(client().sendSms(input));
    expect(error).toMatchObject({ kind: "param", field, uncertain: false });
    expect(server.requests).toHaveLength(0);
  });

  it("sendSms accepts exactly 1000 numbers and 30 characters", async () => {
    await client().sendSms({ ...marketing, phoneNumberList: numbers(1000), content: "一".repeat(30) });
    expect((server.calls("/tcb/sendsms")[0].body as { phone_number_list: string[] }).phone_number_list).toHaveLength(1000);
  });

  it.each<[string, ReportInput, string]>([
    ["sendSmsTask without task_id", { reportAction: "sendSmsTask", activityId: "a", taskId: "", phoneCount: "1" }, "taskId"],
    ["sendSmsTask with a negative phone_count", { reportAction: "sendSmsTask", activityId: "a", taskId: "t", phoneCount: -1 }, "phoneCount"],
    ["openH5 without channel_id", { reportAction: "openH5", activityId: "a", channelId: "", sessionId: "s" }, "channelId"],
    ["openH5 without session_id", { reportAction: "openH5", activityId: "a", channelId: "c", sessionId: "" }, "sessionId"],
    ["a report without activity_id", { reportAction: "openH5", activityId: "", channelId: "c", sessionId: "s" }, "activityId"],
  ])("report refuses %s", async (_name, input, field) => {
    const error = await failure(client().report(input));
    expect(error).toMatchObject({ kind: "param", field });
    expect(server.requests).toHaveLength(0);
  });

  it.each<[string, StatisticsQuery, string]>([
    ["overview without by_channel_id", { action: "smsMarketingOverviewData", beginDate: 1, endDate: 2, condition: { activityId: "a" } } as unknown as StatisticsQuery, "condition.byChannelId"],
    ["conversion without channel_id", { action: "smsMarketingConversionData", beginDate: 1, endDate: 2, condition: { activityId: "a", channelId: "" } }, "condition.channelId"],
    ["real-time without act_type", { action: "smsMarketingRealTimeData", beginDate: 1, endDate: 2, condition: { activityId: "a", channelId: "c" } } as unknown as StatisticsQuery, "condition.actType"],
    ["no condition", { action: "smsMarketingConversionData", beginDate: 1, endDate: 2 } as unknown as StatisticsQuery, "condition"],
    ["an end before the beginning", { action: "smsMarketingConversionData", beginDate: 2, endDate: 1, condition: { activityId: "a", channelId: "c" } }, "endDate"],
    ["milliseconds as dates", { action: "smsMarketingConversionData", beginDate: 1.5, endDate: 3, condition: { activityId: "a", channelId: "c" } }, "beginDate"],
  ])("getStatistics refuses %s", async (_name, query, field) => {
    const error = await failure(client().getStatistics(query));
    expect(error).toMatchObject({ kind: "param", field });
    expect(server.requests).toHaveLength(0);
  });

  it("getOpenData refuses an empty cloudid_list", async () => {
    expect(await failure(client().getOpenData({ cloudidList: [] }))).toMatchObject({ kind: "param", field: "cloudidList" });
  });
});

describe("getWechat", () => {
  let fake: FakeWechat;
  const saved = { ...process.env };
  beforeAll(async () => {
    fake = await startFakeWechat();
  });
  afterAll(async () => {
    process.env = saved;
    await fake.close();
  });

  it("builds the process-wide client from the configuration, with a fixed token when WECHAT_ACCESS_TOKEN is set", async () => {
    const { resetConfigForTests } = await import("@/lib/config");
    const { getWechat, resetWechatForTests } = await import("./index");
    Object.assign(process.env, { WECHAT_API_BASE: fake.url, WECHAT_ENV_ID: "env-from-config", WECHAT_ACCESS_TOKEN: "fixed-token", EMULATOR_SECRET: "emulator-secret" });
    fake.validTokens.add("fixed-token");
    resetConfigForTests();
    resetWechatForTests();
    const wechat = getWechat();
    expect(getWechat()).toBe(wechat);
    await wechat.report({ reportAction: "openH5", activityId: "a", channelId: "c", sessionId: "s" });
    expect(fake.calls("/tcb/cloudbasereport")[0]).toMatchObject({ query: { access_token: "fixed-token" }, body: { env_id: "env-from-config" } });
    expect(fake.calls("/cgi-bin/stable_token")).toHaveLength(0);
    resetConfigForTests();
    resetWechatForTests();
  });
});
