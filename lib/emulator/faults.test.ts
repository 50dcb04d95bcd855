import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "./test-support";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterEach(async () => {
  await emu.control("reset-faults", {});
});
afterAll(async () => emu.close());

/** The activity's all-time overview, as getstatistics answers it. */
const overviewOf = (activityId: string) =>
  emu.call("/tcb/getstatistics", {
    action: "smsMarketingOverviewData",
    begin_date: 0,
    end_date: 4102444800,
    page_offset: 0,
    page_limit: 10,
    condition: { env_id: emu.envId, activity_id: activityId, by_channel_id: "0" },
  });

const report = () => ({ report_action: "openH5", env_id: emu.envId, activity_id: "F", channel_id: "_cms_sms_", session_id: crypto.randomUUID() });

describe("fault injection control", () => {
  it("refuses without the emulator secret", async () => {
    const res = await fetch(`${emu.url}/_control/faults`, { method: "POST", body: JSON.stringify({ busyRate: 1 }) });
    expect(res.status).toBe(401);
    const wrong = await fetch(`${emu.url}/_control/faults`, { headers: { "x-emulator-secret": "guess" } });
    expect(wrong.status).toBe(401);
    expect((await (await emu.control("faults")).json()).faults.busyRate).toBe(0);
  });

  it("reads back what was set, and rejects unknown or out-of-range settings with 400", async () => {
    const set = await emu.control("faults", { busyRate: 0.25, latencyMs: 10, tokenTtlSeconds: 60, dropRate: 0 });
    expect(set.status).toBe(200);
    expect((await (await emu.control("faults")).json()).faults).toEqual({ busyRate: 0.25, rateLimitRate: 0, latencyMs: 10, tokenTtlSeconds: 60, dropRate: 0 });
    expect((await emu.control("faults", { busyRate: 2 })).status).toBe(400);
    expect((await emu.control("faults", { explode: true })).status).toBe(400);
    await emu.control("reset-faults", {});
    expect((await (await emu.control("faults")).json()).faults).toEqual({ busyRate: 0, rateLimitRate: 0, latencyMs: 0, tokenTtlSeconds: null, dropRate: 0 });
  });
});

describe("injected faults", () => {
  it("busyRate 1 answers every call with -1 and records nothing", async () => {
    const token = await emu.token();
    await emu.control("faults", { busyRate: 1 });
    const r = await emu.post("/tcb/cloudbasereport", report(), { access_token: token });
    expect(r).toEqual({ errcode: -1, errmsg: "system error" });
    const t = await emu.post("/cgi-bin/stable_token", { grant_type: "client_credential", appid: emu.appId, secret: emu.secret });
    expect(t.errcode).toBe(-1);
    await emu.control("reset-faults", {});
    const stats = await overviewOf("F");
    expect(stats.errcode).toBe(10011);
  });

  it("rateLimitRate 1 answers every call with 45011, the minute's rate limit, and records nothing", async () => {
    const token = await emu.token();
    await emu.control("faults", { rateLimitRate: 1 });
    const r = await emu.post("/tcb/cloudbasereport", report(), { access_token: token });
    expect(r).toEqual({ errcode: 45011, errmsg: "api minute-quota reach limit" });
    await emu.control("reset-faults", {});
    expect((await overviewOf("F")).errcode).toBe(10011);
  });

  it("dropRate 1 drops the connection before any answer, after doing the work", async () => {
    const token = await emu.token();
    await emu.control("faults", { dropRate: 1 });
    const body = { report_action: "sendSmsTask", env_id: emu.envId, activity_id: "D", task_id: "dropped", phone_count: "7" };
    await expect(fetch(`${emu.url}/tcb/cloudbasereport?access_token=${token}`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.text())).rejects.toThrow();
    await emu.control("reset-faults", {});
    const stats = await overviewOf("D");
    expect(stats.data_value[0].data_value[7]).toBe("[dropped:7]");
  });

  it("tokenTtlSeconds makes new tokens expire early while still announcing 7200", async () => {
    await emu.control("faults", { tokenTtlSeconds: 30 });
    const t = await emu.post("/cgi-bin/stable_token", { grant_type: "client_credential", appid: emu.appId, secret: emu.secret, force_refresh: true });
    expect(t.expires_in).toBe(7200);
    expect((await emu.post("/tcb/cloudbasereport", report(), { access_token: t.access_token })).errcode).toBe(0);
    emu.clock.advance(30);
    expect((await emu.post("/tcb/cloudbasereport", report(), { access_token: t.access_token })).errcode).toBe(42001);
  });

  it("latencyMs is applied and reported, and only to the WeChat paths", async () => {
    await emu.control("faults", { latencyMs: 50 });
    const token = await emu.token();
    expect((await emu.post("/tcb/cloudbasereport", report(), { access_token: token })).errcode).toBe(0);
    expect((await (await emu.control("faults")).json()).faults.latencyMs).toBe(50);
  });
});
