/**
 * The statistics store's sync against the real local CloudBase emulator over HTTP, and WeChat's error answers
 * through a WeChat-shaped server that passes every other call on to the emulator.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays } from "@/lib/analytics/ranges";
import { activities } from "@/lib/db/schema";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { decodeOverview, fetchAllPages } from "@/lib/statistics";
import { createWechatClient, type WechatClient } from "@/lib/wechat";
import { startFakeWechat, type FakeWechat } from "@/lib/wechat/test-server";
import { chinaDayOf, dayBounds } from "./days";
import { clearPause, currentPause } from "./limiter";
import { syncActivity, type SyncOptions } from "./sync";

let emu: TestEmulator;
let wechat: WechatClient;
const activityId = "act-history";
// The emulator's clock starts at 2026-11-20T02:00Z (10:00 in Shanghai); the activity ran from the 14th.
const start = new Date("2026-11-20T02:00:00Z");
const opts = (extra: Partial<SyncOptions> = {}): SyncOptions => ({ now: emu.clock.now, backfillDays: 90, settleHours: 6, callsPerSecond: 200, ...extra });

async function record(daysAgo: number, sessions: string[], channel = "_cms_sms_", taskCount = 0) {
  emu.clock.now = new Date(start.getTime() - daysAgo * 86400_000);
  if (taskCount) await wechat.report({ reportAction: "sendSmsTask", activityId, taskId: `task-${daysAgo}`, phoneCount: taskCount });
  for (const s of sessions) await wechat.report({ reportAction: "openH5", activityId, channelId: channel, sessionId: s });
}

beforeAll(async () => {
  emu = await startTestEmulator({ start });
  expect((await emu.control("simulation", { enabled: false, failureRate: 0 })).status).toBe(200);
  wechat = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, retry: { attempts: 1, baseDelayMs: 1 } });
  await emu.t.db.insert(activities).values({
    id: activityId, name: "History", startAt: new Date("2026-11-13T16:00:00Z"), endAt: new Date("2026-12-01T00:00:00Z"), landingTitle: "t", landingButton: "b",
  });
  // The same visitor on two days counts on both days (WeChat counts distinct users per channel per day).
  await record(6, ["a", "b", "c"], "_cms_sms_", 500);
  await record(6, ["w1"], "wecom");
  await record(4, ["a", "d"], "_cms_sms_", 300);
  await record(4, ["a", "w1", "w2"], "wecom");
  await record(1, ["e"], "poster");
  emu.clock.now = start;
});

afterAll(async () => {
  await emu?.close();
});

const stored = async () =>
  (
    await emu.t.db.execute<{ day: string; channel_id: string; sms_sent: number; h5_users: number; final: boolean; has_data: boolean }>(sql`
      select d.day::text as day, c.channel_id, c.sms_sent, c.h5_users, d.final, d.has_data
      from stats_days d left join stats_daily c using (activity_id, day) where d.activity_id = ${activityId} order by d.day, c.channel_id`)
  ).rows;

describe("syncing an activity into the store", () => {
  it("backfills the whole window, one whole China day per call, and the days add up to the range query", async () => {
    const outcome = await syncActivity(emu.t.db, wechat, activityId, opts());
    // 2026-11-14 … 2026-11-20 (today): seven days.
    expect(outcome).toEqual({ status: "done", days: 7, calls: 7 });
    const rows = await stored();
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set(Array.from({ length: 7 }, (_, i) => addDays("2026-11-14", i))));

    const range = { beginDate: dayBounds("2026-11-14").beginDate, endDate: dayBounds("2026-11-20").endDate };
    const answer = decodeOverview(
      await fetchAllPages((page) => wechat.getStatistics({ action: "smsMarketingOverviewData", ...range, condition: { activityId, byChannelId: "1" }, ...page })),
    );
    const sums = new Map<string, { sms: number; h5: number }>();
    for (const r of rows.filter((x) => x.channel_id)) {
      const s = sums.get(r.channel_id) ?? { sms: 0, h5: 0 };
      sums.set(r.channel_id, { sms: s.sms + r.sms_sent, h5: s.h5 + r.h5_users });
    }
    expect(answer.length).toBeGreaterThan(1);
    for (const r of answer) expect(sums.get(r.channelId), r.channelId).toEqual({ sms: r.smsSendUsers, h5: r.h5OpenUsers });
    expect(sums.size).toBe(answer.length);
  });

  it("stores a day WeChat has nothing for as zeros, final once settled and pending today", async () => {
    const rows = await stored();
    const quiet = rows.find((r) => r.day === "2026-11-15")!;
    expect([quiet.channel_id, quiet.has_data, quiet.final]).toEqual([null, false, true]);
    const today = rows.find((r) => r.day === "2026-11-20")!;
    expect([today.has_data, today.final]).toEqual([false, false]);
    // Yesterday was fetched at 10:00, after the 6-hour settling window: final.
    expect(rows.filter((r) => r.day === "2026-11-19").every((r) => r.final)).toBe(true);
  });

  it("fetches only what is not final on the next sync: today, until the day has settled", async () => {
    await wechat.report({ reportAction: "openH5", activityId, channelId: "_cms_sms_", sessionId: "today-1" });
    const outcome = await syncActivity(emu.t.db, wechat, activityId, opts());
    expect(outcome).toEqual({ status: "done", days: 1, calls: 1 });
    const today = (await stored()).filter((r) => r.day === "2026-11-20");
    expect(today.map((r) => [r.channel_id, r.h5_users, r.has_data, r.final])).toEqual([["_cms_sms_", 1, true, false]]);
  });

  it("runs one sync of an activity at a time", async () => {
    await emu.t.db.execute(sql`delete from stats_days where activity_id = ${activityId} and day < '2026-11-17'`);
    const [a, b] = await Promise.all([syncActivity(emu.t.db, wechat, activityId, opts()), syncActivity(emu.t.db, wechat, activityId, opts())]);
    expect([a.status, b.status].sort()).toEqual(["busy", "done"]);
    const done = a.status === "done" ? a : b;
    expect(done).toMatchObject({ days: 4 });
  });
});

describe("WeChat's answers", () => {
  let fake: FakeWechat;
  let proxied: WechatClient;
  const failOn = new Map<number, { errcode: number; errmsg: string }>();
  const other = "act-errors";

  beforeAll(async () => {
    fake = await startFakeWechat();
    fake.route("/tcb/getstatistics", async (req) => {
      const body = req.body as { begin_date: number };
      const failure = failOn.get(body.begin_date);
      if (failure) return { body: failure };
      return { body: await emu.call("/tcb/getstatistics", { ...(req.body as object), env_id: emu.envId }) };
    });
    proxied = createWechatClient({ apiBase: fake.url, appId: "wx", secret: "s", envId: emu.envId, retry: { attempts: 1, baseDelayMs: 1 } });
    await emu.t.db.insert(activities).values({ id: other, name: "Errors", startAt: new Date("2026-11-16T16:00:00Z"), endAt: new Date("2026-11-25T00:00:00Z"), landingTitle: "t", landingButton: "b" });
    emu.clock.now = new Date("2026-11-19T02:00:00Z");
    await wechat.report({ reportAction: "openH5", activityId: other, channelId: "_cms_sms_", sessionId: "x1" });
    emu.clock.now = start;
  });

  afterAll(async () => {
    await fake?.close();
    await clearPause(emu.t.db);
  });

  it("keeps the days it wrote and writes nothing of a day that failed (-1), then backs off", async () => {
    failOn.set(dayBounds("2026-11-18").beginDate, { errcode: -1, errmsg: "system error" });
    const outcome = await syncActivity(emu.t.db, proxied, other, opts({ concurrency: 1 }));
    expect(outcome).toMatchObject({ status: "failed", code: -1 });
    const days = (await emu.t.db.execute<{ day: string }>(sql`select day::text as day from stats_days where activity_id = ${other} order by day`)).rows.map((r) => r.day);
    // Newest first: the 20th and 19th were written, the 18th failed and the 17th was never asked.
    expect(days).toEqual(["2026-11-19", "2026-11-20"]);
    expect((await emu.t.db.execute(sql`select * from stats_daily where activity_id = ${other} and day = '2026-11-18'`)).rows).toEqual([]);
    const state = (await emu.t.db.execute<{ last_error_code: number; retry_after: string }>(sql`select last_error_code, retry_after from stats_sync where activity_id = ${other}`)).rows[0];
    expect(state.last_error_code).toBe(-1);
    expect(new Date(state.retry_after).getTime()).toBeGreaterThan(emu.clock.now.getTime());
    failOn.clear();
  });

  it("pauses every sync after a frequency errcode (45011) and says so", async () => {
    failOn.set(dayBounds("2026-11-18").beginDate, { errcode: 45011, errmsg: "api minute-quota reach limit" });
    const outcome = await syncActivity(emu.t.db, proxied, other, opts({ now: new Date(), concurrency: 1, days: ["2026-11-18"] }));
    expect(outcome).toMatchObject({ status: "paused", code: 45011 });
    expect(await currentPause(emu.t.db)).toMatchObject({ code: 45011 });
    failOn.clear();
    const before = fake.calls("/tcb/getstatistics").length;
    const again = await syncActivity(emu.t.db, proxied, activityId, opts({ days: [chinaDayOf(start)] }));
    expect(again.status).toBe("paused");
    expect(fake.calls("/tcb/getstatistics").length).toBe(before);
    await clearPause(emu.t.db);
    expect(await syncActivity(emu.t.db, proxied, other, opts({ days: ["2026-11-18"] }))).toEqual({ status: "done", days: 1, calls: 1 });
  });
});

describe("a failing day among days fetched at once", () => {
  it("reports WeChat's errcode, not the other days' cancelled waits", async () => {
    const fake = await startFakeWechat();
    fake.route("/tcb/getstatistics", () => ({ body: { errcode: -1, errmsg: "system error" } }));
    const busy = createWechatClient({ apiBase: fake.url, appId: "wx", secret: "s", envId: emu.envId, retry: { attempts: 0, baseDelayMs: 1 } });
    try {
      const outcome = await syncActivity(emu.t.db, busy, activityId, opts({ callsPerSecond: 5, concurrency: 4, days: ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"] }));
      expect(outcome).toMatchObject({ status: "failed", code: -1 });
    } finally {
      await fake.close();
    }
  });
});

describe("the lease on an activity's sync", () => {
  let fake: FakeWechat;
  let slow: WechatClient;
  const delayOn = new Map<number, number>();
  const leased = "act-lease";
  const days = ["2026-11-15", "2026-11-16", "2026-11-17"];
  const after = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    fake = await startFakeWechat();
    fake.route("/tcb/getstatistics", async (req) => ({
      delayMs: delayOn.get((req.body as { begin_date: number }).begin_date) ?? 0,
      body: await emu.call("/tcb/getstatistics", { ...(req.body as object), env_id: emu.envId }),
    }));
    slow = createWechatClient({ apiBase: fake.url, appId: "wx", secret: "s", envId: emu.envId, retry: { attempts: 0, baseDelayMs: 1 } });
  });

  afterAll(async () => {
    await fake?.close();
  });

  // Every day is to fetch again in each test (a day fetched once is final: nothing to call for).
  beforeEach(async () => {
    await emu.t.db.execute(sql`delete from stats_days where activity_id = ${leased}`);
  });

  it("is renewed while the sync moves on, so a sync longer than its lease keeps the activity", async () => {
    for (const day of days) delayOn.set(dayBounds(day).beginDate, 600);
    try {
      // Three calls of 600 ms one after the other: 1.8 s of work on a 1-second lease.
      const first = syncActivity(emu.t.db, slow, leased, opts({ concurrency: 1, leaseMs: 1000, days }));
      await after(1500);
      expect(await syncActivity(emu.t.db, slow, leased, opts({ days: [days[0]] }))).toEqual({ status: "busy" });
      expect(await first).toEqual({ status: "done", days: 3, calls: 3 });
    } finally {
      delayOn.clear();
    }
  });

  it("runs out when the sync stands still, and the sync that took the activity over records the outcome", async () => {
    // Newest day first: the 17th's call hangs 1.5 s, past the half-second lease.
    delayOn.set(dayBounds(days[2]).beginDate, 1500);
    try {
      const stalled = syncActivity(emu.t.db, slow, leased, opts({ concurrency: 1, leaseMs: 500, days }));
      await after(900);
      expect(await syncActivity(emu.t.db, slow, leased, opts({ days: [days[0]] }))).toEqual({ status: "done", days: 1, calls: 1 });
      // Its next renewal finds the lease taken: it stops there, and leaves the record to the other sync.
      expect(await stalled).toEqual({ status: "busy" });
      expect(fake.calls("/tcb/getstatistics").filter((c) => (c.body as { begin_date: number }).begin_date === dayBounds(days[1]).beginDate)).toHaveLength(1);
      const state = (await emu.t.db.execute<{ lease_token: string | null; last_days: number }>(sql`select lease_token, last_days from stats_sync where activity_id = ${leased}`)).rows[0];
      expect(state).toEqual({ lease_token: null, last_days: 1 });
    } finally {
      delayOn.clear();
    }
  });
});
