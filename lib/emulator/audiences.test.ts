import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUser } from "./opendata";
import { startTestEmulator, type TestEmulator } from "./test-support";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => emu.close());

describe("getOpenData", () => {
  it("resolves demo users' cloudIDs to phone numbers and marks unknown ones with an error, in the order asked", async () => {
    const a = demoUser(0);
    const b = demoUser(4999);
    const r = await emu.call("/wxa/getopendata", { cloudid_list: [a.cloudId, "unknown-id", b.cloudId] });
    expect(r.errcode).toBe(0);
    expect(r.data_list).toHaveLength(3);
    expect(r.data_list[0].cloud_id).toBe(a.cloudId);
    expect(r.data_list[0].json.cloudID).toBe(a.cloudId);
    expect(r.data_list[0].json.data).toMatchObject({ phoneNumber: a.phoneNumber, purePhoneNumber: a.phoneNumber.slice(3), countryCode: "86" });
    expect(r.data_list[1]).toEqual({ cloud_id: "unknown-id", json: { cloudID: "unknown-id", errCode: -1, errMsg: expect.stringMatching(/invalid cloudID/) } });
    expect(r.data_list[2].json.data.phoneNumber).toBe(b.phoneNumber);
    expect(a.phoneNumber).toMatch(/^\+861[3-9]\d{9}$/);
  });

  it("answers the seed's request shape and rejects a missing or oversized list with -501007", async () => {
    expect((await emu.call("/wxa/getopendata", { cloudid_list: ["xxx"] })).data_list[0].cloud_id).toBe("xxx");
    expect((await emu.call("/wxa/getopendata", {})).errcode).toBe(-501007);
    expect((await emu.call("/wxa/getopendata", { cloudid_list: Array.from({ length: 1001 }, (_, i) => `c${i}`) })).errcode).toBe(-501007);
  });
});

describe("invokeCloudFunction", () => {
  const invoke = (name: string, body: unknown, env = emu.envId) => emu.call("/tcb/invokecloudfunction", body, { env, name });

  it("answers the seed's login example with resp_data as a JSON string", async () => {
    const r = await invoke("login", {});
    expect(r.errcode).toBe(0);
    expect(JSON.parse(r.resp_data)).toEqual({ event: { userInfo: { appId: emu.appId } }, appid: emu.appId });
  });

  it("exports a segment of phone numbers or cloudIDs that resolve", async () => {
    const phones = JSON.parse((await invoke("exportUserSegment", { format: "phone", limit: 3 })).resp_data);
    expect(phones.phoneNumbers).toEqual([0, 1, 2].map((i) => demoUser(i).phoneNumber));
    const ids = JSON.parse((await invoke("exportUserSegment", { format: "cloudid", segment: "odd", limit: 2 })).resp_data);
    expect(ids.cloudIDs).toEqual([demoUser(1).cloudId, demoUser(3).cloudId]);
    const resolved = await emu.call("/wxa/getopendata", { cloudid_list: ids.cloudIDs });
    expect(resolved.data_list.map((d: { json: { data: { phoneNumber: string } } }) => d.json.data.phoneNumber)).toEqual([demoUser(1).phoneNumber, demoUser(3).phoneNumber]);
  });

  it("gives clear errors: unknown function, a function that throws, missing name, wrong env, empty body", async () => {
    const unknown = await invoke("nope", {});
    expect(unknown.errcode).toBe(-501000);
    expect(unknown.errmsg).toMatch(/nope/);
    const failing = await invoke("failingExport", {});
    expect(failing.errcode).toBe(-504002);
    expect((await emu.call("/tcb/invokecloudfunction", {}, { env: emu.envId })).errcode).toBe(40101);
    expect((await invoke("login", {}, "other")).errcode).toBe(-601027);
    expect((await emu.call("/tcb/invokecloudfunction", "", { env: emu.envId, name: "login" })).errcode).toBe(44002);
  });

  it("stops a function at 5 seconds with -504003", async () => {
    const r = await invoke("slowExport", { seconds: 8 });
    expect(r.errcode).toBe(-504003);
    expect(r.errmsg).toMatch(/5 s/);
  }, 15_000);
});

describe("generatescheme and the simulated mini program", () => {
  it("returns an openlink whose ticket opens the simulated page showing the path and query", async () => {
    const r = await emu.call("/wxa/generatescheme", { jump_wxa: { path: "pages/promo/index", query: "_activityId_=X&_source_=qq&sku=42", env_version: "release" }, expire_type: 1, expire_interval: 1 });
    expect(r.errcode).toBe(0);
    expect(r.openlink).toMatch(/^weixin:\/\/dl\/business\/\?t=[\w-]+$/);
    const ticket = new URL(r.openlink).searchParams.get("t");
    const page = await fetch(`${emu.url}/_sim/launch?t=${ticket}`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("pages/promo/index");
    expect(text).toContain("sku=42");
    expect(page.headers.get("set-cookie")).toMatch(/hy_emu_visitor=/);
  });

  it("shows an expired or unknown ticket as such", async () => {
    const r = await emu.call("/wxa/generatescheme", { jump_wxa: { path: "pages/index/index", query: "" }, expire_time: Math.floor(emu.clock.now.getTime() / 1000) + 60 });
    const ticket = new URL(r.openlink).searchParams.get("t");
    emu.clock.advance(61);
    expect((await fetch(`${emu.url}/_sim/launch?t=${ticket}`)).status).toBe(410);
    expect((await fetch(`${emu.url}/_sim/launch?t=nope`)).status).toBe(404);
  });

  it("rejects a path with a query", async () => {
    expect((await emu.call("/wxa/generatescheme", { jump_wxa: { path: "pages/index/index?x=1" } })).errcode).toBe(40165);
  });
});
