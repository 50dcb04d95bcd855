/**
 * The analytics queries against the real local CloudBase emulator over HTTP: what the route handlers return is
 * what the pages draw.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { createWechatClient, type WechatClient } from "@/lib/wechat";
import { getConversion, getOverview, getRealtime } from "./queries";
import { realtimeWindow, toUnixRange } from "./ranges";

let emu: TestEmulator;
let wechat: WechatClient;
const activityId = "act-dashboard";
// The emulator's clock starts at 2026-11-20T02:00Z, 10:00 in Shanghai.
const today = toUnixRange({ from: "2026-11-20", to: "2026-11-20" }, "Asia/Shanghai");

beforeAll(async () => {
  emu = await startTestEmulator();
  expect((await emu.control("simulation", { enabled: false, failureRate: 0 })).status).toBe(200);
  wechat = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, retry: { baseDelayMs: 1 } });
  await wechat.report({ reportAction: "sendSmsTask", activityId, taskId: "task-a", phoneCount: 40 });
  await wechat.report({ reportAction: "sendSmsTask", activityId, taskId: "task-b", phoneCount: 60 });
  for (let i = 0; i < 5; i++) await wechat.report({ reportAction: "openH5", activityId, channelId: "_cms_sms_", sessionId: `s${i}` });
  emu.clock.advance(600);
  for (let i = 0; i < 2; i++) await wechat.report({ reportAction: "openH5", activityId, channelId: "wecom", sessionId: `w${i}` });
  await wechat.report({ reportAction: "openH5", activityId, channelId: "_cms_sms_", sessionId: "s9" });
});

afterAll(async () => {
  await emu?.close();
});

describe("analytics queries", () => {
  it("reads the totals row and the rows per channel for a day", async () => {
    const [all] = await getOverview(wechat, { activityId, ...today, byChannel: "0" });
    expect([all.channelId, all.smsSendUsers, all.h5OpenUsers, all.jumpWxappUsers]).toEqual(["all", 100, 8, 0]);
    expect(all.smsSendList).toEqual([
      { taskId: "task-a", count: 40 },
      { taskId: "task-b", count: 60 },
    ]);
    const byChannel = await getOverview(wechat, { activityId, ...today, byChannel: "1" });
    expect(byChannel.map((r) => [r.channelId, r.h5OpenUsers])).toEqual([
      ["_cms_sms_", 6],
      ["wecom", 2],
    ]);
  });

  it("answers no rows, not an error, for an activity without figures", async () => {
    expect(await getOverview(wechat, { activityId: "nothing-here", ...today, byChannel: "0" })).toEqual([]);
    expect(await getConversion(wechat, { activityId: "nothing-here", channelId: "_cms_sms_", ...today })).toBeNull();
  });

  it("reads one channel's conversion row", async () => {
    const row = await getConversion(wechat, { activityId, channelId: "wecom", ...today });
    expect([row?.channelId, row?.smsSendUsers, row?.h5OpenUsers]).toEqual(["wecom", 0, 2]);
  });

  it("fills the real-time window with zeros around the buckets that had visits", async () => {
    const window = realtimeWindow(emu.clock.now.getTime() / 1000, 1);
    const points = await getRealtime(wechat, { activityId, channelId: "_cms_sms_", beginDate: window.beginDate, endDate: window.endDate });
    expect(points).toHaveLength(12);
    expect(points.at(-1)?.time).toBe(window.liveBucket);
    const withVisits = points.filter((p) => p.h5Users > 0).map((p) => [new Date(p.time * 1000).toISOString(), p.h5Users]);
    expect(withVisits).toEqual([
      ["2026-11-20T02:00:00.000Z", 5],
      ["2026-11-20T02:10:00.000Z", 1],
    ]);
    expect(points.reduce((s, p) => s + p.wxappUsers, 0)).toBe(0);
  });
});
