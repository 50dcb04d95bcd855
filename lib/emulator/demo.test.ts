import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { DEMO_ACTIVITIES, seedEmulatorDemo } from "./demo";
import { startTestEmulator, type TestEmulator } from "./test-support";

const NOW = new Date("2026-11-20T06:00:00Z");
let t: TestDatabase;
let emu: TestEmulator;
beforeAll(async () => {
  t = await createTestDatabase();
  emu = await startTestEmulator({ t, start: NOW });
});
afterAll(async () => {
  await emu.close();
  await t.drop();
});

describe("seedEmulatorDemo", () => {
  it("creates tens of thousands of numbers once, and nothing the second time", async () => {
    const first = await seedEmulatorDemo(t.db, { now: NOW, envId: emu.envId, appId: emu.appId });
    expect(first.seeded).toBe(true);
    expect(first.numbers).toBeGreaterThan(20_000);
    const second = await seedEmulatorDemo(t.db, { now: NOW, envId: emu.envId, appId: emu.appId });
    expect(second).toEqual({ seeded: false, numbers: 0, sends: [] });
    const n = await t.db.execute<{ n: string }>(sql`select count(*)::text as n from emu_sms`);
    expect(Number(n.rows[0].n)).toBe(first.numbers);
  });

  it("gives every demo activity statistics on several channels over the past 14 days, including - ", async () => {
    for (const a of DEMO_ACTIVITIES) {
      const r = await emu.call("/tcb/getstatistics", {
        action: "smsMarketingOverviewData",
        begin_date: Math.floor(NOW.getTime() / 1000) - 15 * 86400,
        end_date: Math.floor(NOW.getTime() / 1000) + 86400,
        page_offset: 0,
        page_limit: 100,
        condition: { env_id: emu.envId, activity_id: a.id, by_channel_id: "1" },
      });
      expect(r.errcode, a.id).toBe(0);
      const rows = r.data_value.map((v: { data_value: string[] }) => v.data_value);
      const channels = rows.map((v: string[]) => v[3]);
      expect(channels[0]).toBe("_cms_sms_");
      expect(channels).toContain("-");
      for (const c of a.channels) expect(channels).toContain(c.id);
      const sms = rows[0];
      expect(Number(sms[6])).toBe(a.sends.reduce((s, x) => s + x.numbers, 0) + (a === DEMO_ACTIVITIES[0] ? 1000 : 0));
      expect(Number(sms[4]) / Number(sms[6])).toBeGreaterThan(0.15);
      expect(Number(sms[5])).toBeGreaterThan(0);
    }
  });

  it("leaves recipients of the latest send arriving after now, so the real-time chart moves", async () => {
    const realtime = async () => {
      const r = await emu.call("/tcb/getstatistics", {
        action: "smsMarketingRealTimeData",
        begin_date: Math.floor(NOW.getTime() / 1000) - 3600,
        end_date: Math.floor(NOW.getTime() / 1000) + 6 * 3600,
        condition: { env_id: emu.envId, activity_id: DEMO_ACTIVITIES[0].id, channel_id: "_cms_sms_", act_type: "h5" },
      });
      return r.data_value.reduce((s: number, v: { data_value: string[] }) => s + Number(v.data_value[1]), 0);
    };
    const before = await realtime();
    emu.clock.advance(3 * 3600);
    expect(await realtime()).toBeGreaterThan(before);
  });
});
