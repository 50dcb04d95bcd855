import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoActivities } from "@/lib/activities/demo";
import { loadConfig } from "@/lib/config";
import { enqueueJob } from "@/lib/jobs";
import { QUEUE_SCHEMA } from "@/lib/jobs/boss";
import { startTestJobWorker, waitForJob, waitForNoActiveJob } from "@/lib/jobs/test-support";
import { startJobWorker } from "@/lib/jobs/worker";
import { createWechatClient } from "@/lib/wechat";
import { DEMO_ACTIVITIES, seededRandom } from "./demo";
import { HOUR_SHAPE } from "./shapes";
import { startTestEmulator, type TestEmulator } from "./test-support";
import { planTrickle, simulateDemoTraffic } from "./traffic";
import { emulatorTrafficJob } from "./traffic-job";

const NOW = new Date("2026-11-20T06:00:00Z"); // a Friday, 14:00 in China
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ start: NOW });
  await seedDemoActivities(emu.t.db, { now: NOW });
});
afterAll(async () => emu.close());

/** Real-time users summed over the activity's channels. */
async function realtimeUsers(activityId: string, actType: "h5" | "wxapp", from: Date, minutes: number): Promise<number> {
  let users = 0;
  for (const channel of [...DEMO_ACTIVITIES.find((a) => a.id === activityId)!.channels.map((c) => c.id), "-"]) {
    const r = await emu.call("/tcb/getstatistics", {
      action: "smsMarketingRealTimeData",
      begin_date: Math.floor(from.getTime() / 1000),
      end_date: Math.floor(from.getTime() / 1000) + minutes * 60,
      condition: { env_id: emu.envId, activity_id: activityId, channel_id: channel, act_type: actType },
    });
    if (r.errcode === 10011) continue; // no data: none on this channel yet
    expect(r.errcode).toBe(0);
    users += r.data_value.reduce((s: number, v: { data_value: string[] }) => s + Number(v.data_value[1]), 0);
  }
  return users;
}

describe("the live trickle", () => {
  it("follows the hour of the day: busier at 20:00 than at 03:00 China time", () => {
    const random = seededRandom(7);
    const minutesAt = (utcHour: number) => {
      let visits = 0;
      for (let m = 0; m < 600; m++) visits += planTrickle(DEMO_ACTIVITIES[0], new Date(Date.UTC(2026, 10, 20, utcHour, m % 60)), "wxapp", random).filter((v) => v.kind === 0).length;
      return visits / 600;
    };
    const evening = minutesAt(12); // 20:00 in China
    const night = minutesAt(19); // 03:00 in China
    expect(night).toBeGreaterThan(0);
    expect(evening / night).toBeGreaterThan((HOUR_SHAPE[20] / HOUR_SHAPE[3]) * 0.6);
  });

  it("brings landing-page visits and mini-program opens to the open demo activities only, as time passes", async () => {
    const random = seededRandom(11);
    for (let minute = 0; minute < 10; minute++) {
      await simulateDemoTraffic(emu.t.db, { now: new Date(NOW.getTime() + minute * 60_000), envId: emu.envId, appId: emu.appId, random });
    }
    const open = DEMO_ACTIVITIES.filter((a) => a.endDaysAhead > 0);
    const ended = DEMO_ACTIVITIES.filter((a) => a.endDaysAhead <= 0);
    expect(open.length).toBeGreaterThan(0);
    expect(ended.length).toBeGreaterThan(0);
    // Nothing before its time…
    const before = await realtimeUsers(open[0].id, "h5", NOW, 15);
    emu.clock.advance(15 * 60);
    // …then each open activity's curve rises, the ended one's stays flat.
    for (const a of open) {
      expect(await realtimeUsers(a.id, "h5", NOW, 15), a.id).toBeGreaterThan(0);
      expect(await realtimeUsers(a.id, "wxapp", NOW, 15), a.id).toBeGreaterThan(0);
    }
    expect(await realtimeUsers(open[0].id, "h5", NOW, 15)).toBeGreaterThan(before);
    for (const a of ended) expect(await realtimeUsers(a.id, "h5", NOW, 15), a.id).toBe(0);
  });
});

describe("the emulator-traffic job", () => {
  const wechat = createWechatClient({ apiBase: "http://127.0.0.1:9/unused", appId: "wxunused", secret: "unused", envId: "unused" });

  it("is scheduled every minute in emulator mode and never in live mode", async () => {
    const schedule = async () =>
      (await emu.t.db.$client.query<{ cron: string }>(`select cron from ${QUEUE_SCHEMA}.schedule where name = $1`, [emulatorTrafficJob.name])).rows.map((r) => r.cron);
    const emulatorMode = loadConfig({ NODE_ENV: "test", EMULATOR_SECRET: "x".repeat(16) });
    const live = loadConfig({ NODE_ENV: "test", WECHAT_APPID: "wx1234567890abcdef", WECHAT_SECRET: "secret", EMULATOR_SECRET: "x".repeat(16) });
    const first = await startJobWorker({ db: emu.t.db, wechat, kinds: [emulatorTrafficJob], config: emulatorMode, pollingIntervalSeconds: 0.5 });
    await first.stop();
    expect(await schedule()).toEqual(["* * * * *"]);
    const second = await startJobWorker({ db: emu.t.db, wechat, kinds: [emulatorTrafficJob], config: live, pollingIntervalSeconds: 0.5 });
    await second.stop();
    expect(await schedule()).toEqual([]);
  });

  it("schedules visits when run from the queue, and none with the simulation switched off", async () => {
    const worker = await startTestJobWorker(emu.t.db, wechat, [emulatorTrafficJob]);
    const scheduledEvents = async () => Number((await emu.t.db.execute<{ n: string }>(sql`select count(*)::text as n from emu_scheduled_events`)).rows[0].n);
    try {
      // Switched off (EMULATOR_SIMULATE=off or the emulator's setting): the job stores nothing.
      expect((await emu.control("simulation", { enabled: false })).status).toBe(200);
      // The worker's own every-minute schedule may have started a run that read the setting before it was
      // switched off and is still storing visits: count only once no run is active.
      await waitForNoActiveJob(emu.t.db, emulatorTrafficJob.name);
      const atStart = await scheduledEvents();
      const off = await enqueueJob("emulator-traffic", {}, { db: emu.t.db });
      expect((await waitForJob(emu.t.db, "emulator-traffic", off, ["completed", "failed"])).output).toEqual({ scheduled: 0, reason: "simulation off" });
      expect(await scheduledEvents()).toBe(atStart);

      expect((await emu.control("simulation", { enabled: true })).status).toBe(200);
      const on = await enqueueJob("emulator-traffic", {}, { db: emu.t.db });
      const done = await waitForJob(emu.t.db, "emulator-traffic", on, ["completed", "failed"]);
      expect(done.state).toBe("completed");
      // At the real clock's hour a quiet minute may bring few visits; what the job reports was stored (the
      // worker's own every-minute schedule may have added more meanwhile).
      const scheduled = (done.output as { scheduled: number }).scheduled;
      expect(scheduled).toBeGreaterThanOrEqual(0);
      expect(await scheduledEvents()).toBeGreaterThanOrEqual(atStart + scheduled);
    } finally {
      await worker.stop();
    }
  });
});
