import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FUNNEL_COLUMNS, ratio } from "./statistics";
import { startTestEmulator, type TestEmulator, type WireJson } from "./test-support";

const T0 = Date.parse("2026-11-20T02:00:00Z") / 1000; // 10:00 China time, on a 5-minute boundary
const DAY_START = Date.parse("2026-11-19T16:00:00Z") / 1000; // 2026-11-20 00:00 China time

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ start: new Date(T0 * 1000) });
  await emu.control("simulation", { enabled: false });
});
afterAll(async () => emu.close());

const openH5 = (activity: string, channel: string, session: string) =>
  emu.call("/tcb/cloudbasereport", { report_action: "openH5", env_id: emu.envId, activity_id: activity, channel_id: channel, session_id: session });

/** The landing page's "open the mini program" in emulator mode: a scheme, then the simulated launch. */
async function openMiniProgram(activity: string, channel: string, session: string) {
  const r = await emu.call("/wxa/generatescheme", {
    jump_wxa: { path: "pages/index/index", query: `_activityId_=${activity}&_source_=${channel}&_envId_=${emu.envId}&promo=1` },
    is_expire: true,
    expire_time: Math.floor(emu.clock.now.getTime() / 1000) + 300,
  });
  expect(r.errcode).toBe(0);
  const ticket = new URL(r.openlink).searchParams.get("t")!;
  const page = await fetch(`${emu.url}/_sim/launch?t=${ticket}&session=${session}`);
  expect(page.status).toBe(200);
  return page.text();
}

const overview = (activity: string, byChannel: "0" | "1", range = [DAY_START, DAY_START + 86400], page = [0, 1000], action = "smsMarketingOverviewData") =>
  emu.call("/tcb/getstatistics", {
    action,
    begin_date: range[0],
    end_date: range[1],
    page_offset: page[0],
    page_limit: page[1],
    condition: { env_id: emu.envId, activity_id: activity, by_channel_id: byChannel },
  });

const values = (r: WireJson) => r.data_value.map((v: { data_value: string[] }) => v.data_value);

describe("getStatistics computed from a scripted sequence", () => {
  beforeAll(async () => {
    for (const task of ["task1", "task2"]) {
      expect((await emu.call("/tcb/cloudbasereport", { report_action: "sendSmsTask", env_id: emu.envId, activity_id: "A", task_id: task, phone_count: "5000" })).errcode).toBe(0);
    }
    for (const s of ["s1", "s2", "s3", "s1"]) await openH5("A", "_cms_sms_", s);
    for (const s of ["s1", "s4", "s4"]) await openH5("A", "wecom", s);
    await openH5("A", "-", "s5");
    await openMiniProgram("A", "_cms_sms_", "s1");
    await openMiniProgram("A", "_cms_sms_", "s1");
    await openMiniProgram("A", "_cms_sms_", "s2");
    await openMiniProgram("A", "wecom", "s4");
  });

  it("overview by_channel_id 0 gives one 'all' row with the totals and the four rates", async () => {
    const r = await overview("A", "0");
    expect(r.errcode).toBe(0);
    expect(r.data_column).toEqual(FUNNEL_COLUMNS);
    expect(r.total_num).toBe(1);
    expect(values(r)).toEqual([[emu.appId, emu.envId, "A", "all", "6", "3", "10000", "[task1:5000,task2:5000]", "1", "1", "0.0006", "0.5"]]);
  });

  it("overview by_channel_id 1 gives a row per channel, SMS first, sessions de-duplicated per channel", async () => {
    const r = await overview("A", "1");
    expect(r.total_num).toBe(3);
    expect(values(r)).toEqual([
      [emu.appId, emu.envId, "A", "_cms_sms_", "3", "2", "10000", "[task1:5000,task2:5000]", "0.666667", "0.5", "0.0003", "0.666667"],
      [emu.appId, emu.envId, "A", "wecom", "2", "1", "0", "[]", "0.333333", "0.333333", "0", "0.5"],
      [emu.appId, emu.envId, "A", "-", "1", "0", "0", "[]", "0", "0.166667", "0", "0"],
    ]);
  });

  it("pages with page_offset / page_limit and reports total_num", async () => {
    const r = await overview("A", "1", undefined, [1, 1]);
    expect(r.total_num).toBe(3);
    expect(values(r).map((v: string[]) => v[3])).toEqual(["wecom"]);
    const past = await overview("A", "1", undefined, [5, 10]);
    expect(past.errcode).toBe(0);
    expect(past.data_value).toEqual([]);
    expect(past.total_num).toBe(3);
  });

  it("conversion gives the same 12 columns for one channel", async () => {
    const r = await emu.call("/tcb/getstatistics", {
      action: "smsMarketingConversionData",
      begin_date: DAY_START,
      end_date: DAY_START + 86400,
      page_offset: 0,
      page_limit: 1000,
      condition: { env_id: emu.envId, activity_id: "A", channel_id: "wecom" },
    });
    expect(r.data_column).toEqual(FUNNEL_COLUMNS);
    expect(values(r)).toEqual([[emu.appId, emu.envId, "A", "wecom", "2", "1", "0", "[]", "0.333333", "0.333333", "0", "0.5"]]);
  });

  it("accepts the legacy action name sms as the overview", async () => {
    expect(values(await overview("A", "0", undefined, undefined, "sms"))).toEqual(values(await overview("A", "0")));
  });

  it("answers 10011 when there is nothing: unknown activity, unknown channel, a day with no events", async () => {
    expect((await overview("nothing-here", "0")).errcode).toBe(10011);
    expect((await overview("A", "0", [DAY_START - 86400, DAY_START])).errcode).toBe(10011);
    const r = await emu.call("/tcb/getstatistics", {
      action: "smsMarketingConversionData",
      begin_date: DAY_START,
      end_date: DAY_START + 86400,
      page_offset: 0,
      page_limit: 10,
      condition: { env_id: emu.envId, activity_id: "A", channel_id: "qq" },
    });
    expect(r.errcode).toBe(10011);
  });

  it("counts users per China-time day and sums the days", async () => {
    emu.clock.advance(86400);
    await openH5("A", "_cms_sms_", "s1");
    emu.clock.advance(-86400);
    const twoDays = await overview("A", "1", [DAY_START, DAY_START + 2 * 86400]);
    expect(values(twoDays)[0].slice(3, 6)).toEqual(["_cms_sms_", "4", "2"]);
    const secondDay = await overview("A", "1", [DAY_START + 86400, DAY_START + 2 * 86400]);
    expect(values(secondDay)).toEqual([[emu.appId, emu.envId, "A", "_cms_sms_", "1", "0", "0", "[]", "0", "1", "0", "0"]]);
  });

  it("replaces a task's count when the same task is reported again", async () => {
    await emu.call("/tcb/cloudbasereport", { report_action: "sendSmsTask", env_id: emu.envId, activity_id: "C", task_id: "t", phone_count: "10" });
    await emu.call("/tcb/cloudbasereport", { report_action: "sendSmsTask", env_id: emu.envId, activity_id: "C", task_id: "t", phone_count: "12" });
    expect(values(await overview("C", "0"))[0].slice(4, 8)).toEqual(["0", "0", "12", "[t:12]"]);
  });
});

describe("real-time statistics", () => {
  const realtime = (actType: string, begin: number, end: number, action = "smsMarketingRealTimeData") =>
    emu.call("/tcb/getstatistics", { action, begin_date: begin, end_date: end, condition: { env_id: emu.envId, activity_id: "B", channel_id: "_cms_sms_", act_type: actType } });

  beforeAll(async () => {
    emu.clock.now = new Date(T0 * 1000);
    await openH5("B", "_cms_sms_", "r1");
    await openH5("B", "_cms_sms_", "r2");
    emu.clock.advance(299);
    await openH5("B", "_cms_sms_", "r3");
    await openH5("B", "_cms_sms_", "r1");
    await openH5("B", "wecom", "r9");
    emu.clock.advance(1);
    await openH5("B", "_cms_sms_", "r1");
    await openMiniProgram("B", "_cms_sms_", "r1");
  });

  it("gives distinct users per 5-minute bucket as [bucket start, users]", async () => {
    const r = await realtime("h5", T0, T0 + 600);
    expect(r.errcode).toBe(0);
    expect(r.data_column.map((c: { col_id: string }) => c.col_id)).toEqual(["time", "h5_open_uercnt"]);
    expect(values(r)).toEqual([
      [String(T0), "3"],
      [String(T0 + 300), "1"],
    ]);
    expect(r.total_num).toBe(2);
  });

  it("takes buckets whose start lies in [begin rounded down to 5 minutes, end)", async () => {
    expect(values(await realtime("h5", T0 + 1, T0 + 300))).toEqual([[String(T0), "3"]]);
    expect(values(await realtime("h5", T0 + 300, T0 + 301))).toEqual([[String(T0 + 300), "1"]]);
    expect((await realtime("h5", T0 + 600, T0 + 3600)).errcode).toBe(10011);
  });

  it("counts mini-program users for act_type wxapp, and accepts the alias realTime", async () => {
    const r = await realtime("wxapp", T0, T0 + 3600, "realTime");
    expect(values(r)).toEqual([[String(T0 + 300), "1"]]);
    expect(r.data_column.map((c: { col_id: string }) => c.col_id)).toEqual(["time", "jump_wxapp_uercnt"]);
  });
});

describe("getStatistics parameter checks", () => {
  const base = { action: "smsMarketingOverviewData", begin_date: DAY_START, end_date: DAY_START + 86400, page_offset: 0, page_limit: 10 };
  it.each([
    ["an unknown action", { ...base, action: "everything", condition: { env_id: "test-env", activity_id: "A", by_channel_id: "0" } }, /action/],
    ["no page_limit on the overview", { ...base, page_limit: undefined, condition: { env_id: "test-env", activity_id: "A", by_channel_id: "0" } }, /page_limit/],
    ["a by_channel_id other than 0 or 1", { ...base, condition: { env_id: "test-env", activity_id: "A", by_channel_id: "2" } }, /by_channel_id/],
    ["end before begin", { ...base, end_date: DAY_START - 1, condition: { env_id: "test-env", activity_id: "A", by_channel_id: "0" } }, /end_date/],
    ["no condition", { ...base }, /condition/],
    ["a real-time act_type other than h5 or wxapp", { ...base, action: "smsMarketingRealTimeData", condition: { env_id: "test-env", activity_id: "A", channel_id: "x", act_type: "sms" } }, /act_type/],
  ])("rejects %s with -501007", async (_, body, reason) => {
    const r = await emu.call("/tcb/getstatistics", body);
    expect(r.errcode).toBe(-501007);
    expect(r.errmsg).toMatch(reason);
  });

  it("answers -601027 for another environment", async () => {
    const r = await emu.call("/tcb/getstatistics", { ...base, condition: { env_id: "xxx", activity_id: "A", by_channel_id: "0" } });
    expect(r.errcode).toBe(-601027);
  });

  it("formats ratios like the seed", () => {
    expect(ratio(3000, 5600)).toBe("0.535714");
    expect(ratio(5000, 8000)).toBe("0.625");
    expect(ratio(5000, 10000)).toBe("0.5");
    expect(ratio(1, 0)).toBe("0");
  });
});

describe("concurrent reports", () => {
  it("counts 300 simultaneous openH5 reports of 100 sessions as exactly 100 users", async () => {
    emu.clock.now = new Date(T0 * 1000);
    const sessions = Array.from({ length: 100 }, (_, i) => `burst-${i}`);
    const results = await Promise.all([...sessions, ...sessions, ...sessions].map((s) => openH5("BURST", "_cms_sms_", s)));
    expect(results.every((r) => r.errcode === 0)).toBe(true);
    const r = await overview("BURST", "0");
    expect(values(r)[0].slice(3, 5)).toEqual(["all", "100"]);
    const rt = await emu.call("/tcb/getstatistics", {
      action: "smsMarketingRealTimeData",
      begin_date: T0,
      end_date: T0 + 300,
      condition: { env_id: emu.envId, activity_id: "BURST", channel_id: "_cms_sms_", act_type: "h5" },
    });
    expect(values(rt)).toEqual([[String(T0), "100"]]);
  });
});
