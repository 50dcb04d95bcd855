/**
 * The client and the decoder against the real local CloudBase (lib/emulator) over HTTP: the path the app
 * takes in emulator mode, end to end, from sending to the funnel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUser } from "@/lib/emulator/opendata";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { channelShares, decodeOverview, decodeRealtime, fetchAllPages, fillRealtimeSeries, smsFunnel } from "@/lib/statistics";
import { createWechatClient, type WechatClient } from "./client";
import { WechatError } from "./errors";

let emu: TestEmulator;
let wechat: WechatClient;
// The emulator's clock starts at 2026-11-20T02:00Z: 10:00 that day in China, whose day starts at 16:00Z the day before.
const dayStart = Date.UTC(2026, 10, 19, 16) / 1000;
const day = { beginDate: dayStart, endDate: dayStart + 86400 };
const activityId = "act-e2e";

beforeAll(async () => {
  emu = await startTestEmulator();
  const off = await emu.control("simulation", { enabled: false, failureRate: 0 });
  expect(off.status).toBe(200);
  wechat = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, retry: { baseDelayMs: 1 } });

  const numbers = ["+8613800000001", "+8613800000002", "+8613800000003"];
  const sent = await wechat.sendSms({ smsType: "Marketing", phoneNumberList: numbers, content: "双十一上新", path: `/index.html?activityId=${activityId}&source=_cms_sms_` });
  expect(sent.sendStatusList.map((s) => [s.phoneNumber, s.code])).toEqual(numbers.map((n) => [n, "Ok"]));
  await wechat.report({ reportAction: "sendSmsTask", activityId, taskId: "task-1", phoneCount: numbers.length });
  for (const [channelId, sessionId] of [["_cms_sms_", "s1"], ["_cms_sms_", "s2"], ["_cms_sms_", "s1"], ["wecom", "w1"]]) {
    await wechat.report({ reportAction: "openH5", activityId, channelId, sessionId });
  }
  const { openlink } = await wechat.generateScheme({
    jumpWxa: { path: "/pages/index/index", query: `_activityId_=${activityId}&_source_=_cms_sms_&_envId_=${emu.envId}`, envVersion: "release" },
    isExpire: true,
    expireType: 1,
    expireInterval: 1,
  });
  const ticket = new URL(openlink).searchParams.get("t");
  expect(ticket).toBeTruthy();
  const launch = await fetch(`${emu.url}/_sim/launch?t=${ticket}&session=s1`);
  expect(launch.status).toBe(200);
});

afterAll(async () => {
  await emu?.close();
});

describe("against the local CloudBase emulator", () => {
  it("pages through the overview by channel and decodes it into pies", async () => {
    const pages = await fetchAllPages(
      (page) => wechat.getStatistics({ action: "smsMarketingOverviewData", ...day, ...page, condition: { activityId, byChannelId: "1" } }),
      { pageLimit: 1 },
    );
    const rows = decodeOverview(pages);
    expect(rows.map((r) => [r.channelId, r.smsSendUsers, r.h5OpenUsers, r.jumpWxappUsers])).toEqual([
      ["_cms_sms_", 3, 2, 1],
      ["wecom", 0, 1, 0],
    ]);
    expect(rows[0].smsSendList).toEqual([{ taskId: "task-1", count: 3 }]);
    expect(channelShares(rows, "h5OpenUsers").map((s) => [s.channelId, s.share])).toEqual([
      ["_cms_sms_", 2 / 3],
      ["wecom", 1 / 3],
    ]);
  });

  it("decodes the conversion row into the SMS funnel", async () => {
    const page = await wechat.getStatistics({ action: "smsMarketingConversionData", ...day, condition: { activityId, channelId: "_cms_sms_" } });
    const [row] = decodeOverview(page);
    expect(smsFunnel(row).map((s) => [s.key, s.count, s.rateFromPrevious])).toEqual([
      ["smsSent", 3, 1],
      ["h5Opened", 2, 2 / 3],
      ["wxappOpened", 1, 0.5],
    ]);
    expect(row.h5SmsRate).toBeCloseTo(2 / 3, 6);
  });

  it("reads the real-time H5 curve and fills the empty buckets", async () => {
    const now = emu.clock.now.getTime() / 1000;
    const range = { begin: now - 3600, end: now + 300 };
    const page = await wechat.getStatistics({ action: "smsMarketingRealTimeData", beginDate: range.begin, endDate: range.end, condition: { activityId, channelId: "_cms_sms_", actType: "h5" } });
    const series = fillRealtimeSeries(decodeRealtime(page), range);
    expect(series).toHaveLength(13);
    expect(series.reduce((sum, p) => sum + p.users, 0)).toBe(2);
    expect(series.at(-1)).toEqual({ time: now, users: 2 });
  });

  it("answers a query with nothing recorded as an empty page", async () => {
    const page = await wechat.getStatistics({ action: "smsMarketingConversionData", ...day, condition: { activityId: "nothing-here", channelId: "_cms_sms_" } });
    expect(decodeOverview(page)).toEqual([]);
  });

  it("exchanges a demo user's cloudID for the phone number", async () => {
    const user = demoUser(7);
    const { dataList } = await wechat.getOpenData<{ data: { phoneNumber: string } }>({ cloudidList: [user.cloudId] });
    expect(dataList).toHaveLength(1);
    expect(dataList[0].cloudId).toBe(user.cloudId);
    expect(dataList[0].json.data.phoneNumber).toBe(user.phoneNumber);
  });

  it("invokes a cloud function and parses resp_data; a throwing function is a WechatError", async () => {
    const { respData } = await wechat.invokeCloudFunction<{ phoneNumbers: string[] }>({ name: "exportUserSegment", data: { format: "phone", limit: 2 } });
    expect(respData.phoneNumbers).toEqual([demoUser(0).phoneNumber, demoUser(1).phoneNumber]);
    const error = await wechat.invokeCloudFunction({ name: "failingExport" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatError);
    expect(error).toMatchObject({ code: -504002, api: "invokeCloudFunction" });
  });

  it("refreshes an access token the emulator has expired and retries the call once", async () => {
    const paths: string[] = [];
    const watched = createWechatClient({
      apiBase: emu.url,
      appId: emu.appId,
      secret: emu.secret,
      envId: emu.envId,
      fetch: (url, init) => {
        paths.push(new URL(url).pathname.replace("/emulator", ""));
        return fetch(url, init);
      },
    });
    const query = { action: "smsMarketingOverviewData", ...day, condition: { activityId, byChannelId: "0" } } as const;
    await watched.getStatistics(query);
    emu.clock.advance(7300);
    const page = await watched.getStatistics(query);
    expect(decodeOverview(page).map((r) => [r.channelId, r.h5OpenUsers])).toEqual([["all", 3]]);
    expect(paths).toEqual(["/cgi-bin/stable_token", "/tcb/getstatistics", "/tcb/getstatistics", "/cgi-bin/stable_token", "/tcb/getstatistics"]);
  });
});
