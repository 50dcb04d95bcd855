import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentRateFactors, planRecipients, ratesForContent } from "./simulation";
import { startTestEmulator, type TestEmulator } from "./test-support";

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("planRecipients", () => {
  it("opens about openRate of the numbers, jumps about jumpRate of those, most within 30 minutes", () => {
    const sentAt = new Date("2026-11-20T02:00:00Z");
    const plan = planRecipients(10_000, sentAt, { openRate: 0.3, jumpRate: 0.4 }, "wxapp", seeded(42));
    expect(plan.length).toBeGreaterThan(2800);
    expect(plan.length).toBeLessThan(3200);
    const jumps = plan.filter((p) => p.jumpAt);
    expect(jumps.length / plan.length).toBeGreaterThan(0.37);
    expect(jumps.length / plan.length).toBeLessThan(0.43);
    const within30 = plan.filter((p) => p.openAt.getTime() - sentAt.getTime() <= 30 * 60_000).length;
    expect(within30 / plan.length).toBeGreaterThan(0.8);
    const latest = Math.max(...plan.map((p) => p.openAt.getTime() - sentAt.getTime()));
    expect(latest).toBeGreaterThan(60 * 60_000);
    expect(latest).toBeLessThanOrEqual(6 * 3600_000);
    for (const j of jumps) expect(j.jumpAt!.getTime()).toBeGreaterThan(j.openAt.getTime());
  });

  it("plans nothing when the open rate is 0", () => {
    expect(planRecipients(1000, new Date(), { openRate: 0, jumpRate: 1 }, "wxapp")).toEqual([]);
  });
});

describe("contentRateFactors", () => {
  const texts = Array.from({ length: 200 }, (_, i) => `会员专享第${i}号`);

  it("moves the rates by at most ±30%, the same way every time for the same content", () => {
    for (const text of texts) {
      const f = contentRateFactors(text);
      for (const factor of [f.open, f.jump]) {
        expect(factor).toBeGreaterThanOrEqual(0.7);
        expect(factor).toBeLessThanOrEqual(1.3);
      }
      expect(contentRateFactors(text)).toEqual(f);
    }
  });

  it("spreads different contents over the whole range", () => {
    const opens = texts.map((text) => contentRateFactors(text).open);
    expect(Math.min(...opens)).toBeLessThan(0.75);
    expect(Math.max(...opens)).toBeGreaterThan(1.25);
  });

  it("keeps certainties (rates of 0 and 1) and never goes above 1", () => {
    expect(ratesForContent({ openRate: 1, jumpRate: 0 }, "双十一")).toEqual({ openRate: 1, jumpRate: 0 });
    const up = texts.find((text) => contentRateFactors(text).open > 1.2)!;
    expect(ratesForContent({ openRate: 0.9, jumpRate: 0.4 }, up).openRate).toBe(1);
  });
});

describe("simulated recipients over HTTP", () => {
  let emu: TestEmulator;
  const sentAt = Date.parse("2026-11-20T02:00:00Z") / 1000;
  beforeAll(async () => {
    emu = await startTestEmulator({ start: new Date(sentAt * 1000) });
    await emu.control("simulation", { enabled: true, openRate: 1, jumpRate: 1, failureRate: 0 });
  });
  afterAll(async () => emu.close());

  const stats = () =>
    emu.call("/tcb/getstatistics", {
      action: "smsMarketingOverviewData",
      begin_date: sentAt - 3600,
      end_date: sentAt + 86400,
      page_offset: 0,
      page_limit: 100,
      condition: { env_id: emu.envId, activity_id: "SIM", by_channel_id: "1" },
    });

  it("opens appear only once their time has come, on the activity and channel of the path", async () => {
    const phones = Array.from({ length: 50 }, (_, i) => `+86138000001${String(i).padStart(2, "0")}`);
    const sent = await emu.call("/tcb/sendsms", { env: emu.envId, phone_number_list: phones, sms_type: "Marketing", content: "双十一", path: "/h5/SIM?activityId=SIM&source=wecom" });
    expect(sent.errcode).toBe(0);
    expect((await stats()).errcode).toBe(10011);
    emu.clock.advance(7 * 3600);
    const after = await stats();
    expect(after.errcode).toBe(0);
    expect(after.data_value.map((v: { data_value: string[] }) => v.data_value.slice(3, 6))).toEqual([["wecom", "50", "50"]]);
    const realtime = await emu.call("/tcb/getstatistics", {
      action: "smsMarketingRealTimeData",
      begin_date: sentAt,
      end_date: sentAt + 7 * 3600,
      condition: { env_id: emu.envId, activity_id: "SIM", channel_id: "wecom", act_type: "h5" },
    });
    const total = realtime.data_value.reduce((s: number, v: { data_value: string[] }) => s + Number(v.data_value[1]), 0);
    expect(total).toBe(50);
  });

  it("brings recipients within seconds when openDelayMinutes is set low", async () => {
    await emu.control("simulation", { openDelayMinutes: 0.05 });
    const sentAt = Math.floor(emu.clock.now.getTime() / 1000);
    await emu.call("/tcb/sendsms", { env: emu.envId, phone_number_list: ["+8613800000777", "+8613800000778"], sms_type: "Marketing", content: "快", path: "/h5/FAST?activityId=FAST" });
    emu.clock.advance(120);
    const r = await emu.call("/tcb/getstatistics", {
      action: "smsMarketingOverviewData",
      begin_date: sentAt,
      end_date: sentAt + 3600,
      page_offset: 0,
      page_limit: 100,
      condition: { env_id: emu.envId, activity_id: "FAST", by_channel_id: "1" },
    });
    expect(r.data_value.map((v: { data_value: string[] }) => v.data_value.slice(3, 6))).toEqual([["_cms_sms_", "2", "2"]]);
    const settings = await (await emu.control("simulation")).json();
    expect(settings.simulation.openDelayMinutes).toBe(0.05);
  });

  it("answers two contents at their own rates: an A/B test has a real winner", async () => {
    await emu.control("simulation", { openRate: 0.3, jumpRate: 0.4, openDelayMinutes: 0.05 });
    const texts = ["新年礼盒限量抢，前1000名赠好礼", "新品首发：下单即送限量礼盒"];
    const start = Math.floor(emu.clock.now.getTime() / 1000);
    for (const [i, content] of texts.entries()) {
      for (let batch = 0; batch < 2; batch++) {
        const phones = Array.from({ length: 1000 }, (_, n) => `+861390${i}${batch}${String(n).padStart(5, "0")}`);
        const r = await emu.call("/tcb/sendsms", { env: emu.envId, phone_number_list: phones, sms_type: "Marketing", content, path: `/h5/AB?activityId=AB&source=v${i}` });
        expect(r.errcode).toBe(0);
      }
    }
    emu.clock.advance(600);
    const r = await emu.call("/tcb/getstatistics", {
      action: "smsMarketingOverviewData",
      begin_date: start,
      end_date: start + 3600,
      page_offset: 0,
      page_limit: 100,
      condition: { env_id: emu.envId, activity_id: "AB", by_channel_id: "1" },
    });
    const h5 = Object.fromEntries(r.data_value.map((v: { data_value: string[] }) => [v.data_value[3], Number(v.data_value[4]) / 2000]));
    const expected = texts.map((text) => 0.3 * contentRateFactors(text).open);
    expect(expected[0] - expected[1]).toBeGreaterThan(0.08);
    // 2000 numbers each: a rate's standard deviation is about 0.011; ±0.045 is four of them.
    expect(Math.abs(h5.v0 - expected[0])).toBeLessThan(0.045);
    expect(Math.abs(h5.v1 - expected[1])).toBeLessThan(0.045);
    expect(h5.v0).toBeGreaterThan(h5.v1);
  });

  it("simulates nothing when switched off", async () => {
    await emu.control("simulation", { enabled: false });
    await emu.call("/tcb/sendsms", { env: emu.envId, phone_number_list: ["+8613800000999"], sms_type: "Marketing", content: "x", path: "/h5/OFF?activityId=OFF&source=_cms_sms_" });
    emu.clock.advance(7 * 3600);
    const r = await emu.call("/tcb/getstatistics", {
      action: "smsMarketingOverviewData",
      begin_date: sentAt,
      end_date: sentAt + 3 * 86400,
      page_offset: 0,
      page_limit: 100,
      condition: { env_id: emu.envId, activity_id: "OFF", by_channel_id: "0" },
    });
    expect(r.errcode).toBe(10011);
  });
});
