import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "./test-support";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => emu.close());

const tokenUrl = (q: Record<string, string>) => `${emu.url}/cgi-bin/token?${new URLSearchParams(q)}`;

describe("access tokens", () => {
  it("issues a token at GET /cgi-bin/token with expires_in 7200", async () => {
    const r = await (await fetch(tokenUrl({ grant_type: "client_credential", appid: emu.appId, secret: emu.secret }))).json();
    expect(typeof r.access_token).toBe("string");
    expect(r.access_token.length).toBeGreaterThan(100);
    expect(r.access_token.length).toBeLessThanOrEqual(512);
    expect(r.expires_in).toBe(7200);
  });

  it("answers 40013 for a wrong appid, 40125 for a wrong secret, 40002 for a wrong grant_type, 41002 without appid", async () => {
    const wrongApp = await (await fetch(tokenUrl({ grant_type: "client_credential", appid: "wxnope", secret: emu.secret }))).json();
    expect(wrongApp.errcode).toBe(40013);
    const wrongSecret = await (await fetch(tokenUrl({ grant_type: "client_credential", appid: emu.appId, secret: "nope" }))).json();
    expect(wrongSecret.errcode).toBe(40125);
    const wrongGrant = await (await fetch(tokenUrl({ grant_type: "password", appid: emu.appId, secret: emu.secret }))).json();
    expect(wrongGrant.errcode).toBe(40002);
    const noApp = await (await fetch(tokenUrl({ grant_type: "client_credential", secret: emu.secret }))).json();
    expect(noApp.errcode).toBe(41002);
  });

  it("returns the same stable token while valid and a new one on force_refresh; the old one works 5 more minutes", async () => {
    const body = { grant_type: "client_credential", appid: emu.appId, secret: emu.secret };
    const a = await emu.post("/cgi-bin/stable_token", body);
    const b = await emu.post("/cgi-bin/stable_token", { ...body, force_refresh: false });
    expect(b.access_token).toBe(a.access_token);
    expect(a.expires_in).toBe(7200);
    emu.clock.advance(100);
    const c = await emu.post("/cgi-bin/stable_token", body);
    expect(c.access_token).toBe(a.access_token);
    expect(c.expires_in).toBe(7100);
    const forced = await emu.post("/cgi-bin/stable_token", { ...body, force_refresh: true });
    expect(forced.access_token).not.toBe(a.access_token);
    const report = { report_action: "openH5", env_id: emu.envId, activity_id: "a1", channel_id: "_cms_sms_", session_id: "s1" };
    expect((await emu.post("/tcb/cloudbasereport", report, { access_token: a.access_token })).errcode).toBe(0);
    emu.clock.advance(301);
    expect((await emu.post("/tcb/cloudbasereport", report, { access_token: a.access_token })).errcode).toBe(42001);
    expect((await emu.post("/tcb/cloudbasereport", report, { access_token: forced.access_token })).errcode).toBe(0);
  });

  it("renews the stable token when less than 5 minutes remain", async () => {
    const body = { grant_type: "client_credential", appid: emu.appId, secret: emu.secret };
    const a = await emu.post("/cgi-bin/stable_token", body);
    emu.clock.advance(7200 - 299);
    const b = await emu.post("/cgi-bin/stable_token", body);
    expect(b.access_token).not.toBe(a.access_token);
    expect(b.expires_in).toBe(7200);
  });

  it("expires tokens after 7200 s with 42001", async () => {
    const r = await (await fetch(tokenUrl({ grant_type: "client_credential", appid: emu.appId, secret: emu.secret }))).json();
    const report = { report_action: "openH5", env_id: emu.envId, activity_id: "a1", channel_id: "_cms_sms_", session_id: "s1" };
    emu.clock.advance(7199);
    expect((await emu.post("/tcb/cloudbasereport", report, { access_token: r.access_token })).errcode).toBe(0);
    emu.clock.advance(1);
    expect((await emu.post("/tcb/cloudbasereport", report, { access_token: r.access_token })).errcode).toBe(42001);
  });

  it("keeps a /cgi-bin/token token 5 minutes after a newer one, then answers 40001", async () => {
    const q = { grant_type: "client_credential", appid: emu.appId, secret: emu.secret };
    const old = await (await fetch(tokenUrl(q))).json();
    await fetch(tokenUrl(q));
    const report = { report_action: "openH5", env_id: emu.envId, activity_id: "a1", channel_id: "_cms_sms_", session_id: "s1" };
    emu.clock.advance(299);
    expect((await emu.post("/tcb/cloudbasereport", report, { access_token: old.access_token })).errcode).toBe(0);
    emu.clock.advance(2);
    expect((await emu.post("/tcb/cloudbasereport", report, { access_token: old.access_token })).errcode).toBe(40001);
  });

  it("answers 41001 without a token and 40014 for an unknown one; accepts cloudbase_access_token", async () => {
    const report = { report_action: "openH5", env_id: emu.envId, activity_id: "a1", channel_id: "_cms_sms_", session_id: "s1" };
    expect((await emu.post("/tcb/cloudbasereport", report)).errcode).toBe(41001);
    expect((await emu.post("/tcb/cloudbasereport", report, { access_token: "not-a-token" })).errcode).toBe(40014);
    const token = await emu.token();
    expect((await emu.post("/tcb/cloudbasereport", report, { cloudbase_access_token: token })).errcode).toBe(0);
  });
});

describe("method and body checks", () => {
  it("answers 43002 to a GET on a POST-only API", async () => {
    const token = await emu.token();
    for (const path of ["/tcb/sendsms", "/tcb/getstatistics", "/tcb/cloudbasereport", "/wxa/getopendata", "/tcb/invokecloudfunction", "/cgi-bin/stable_token"]) {
      const r = await (await fetch(`${emu.url}${path}?access_token=${token}`)).json();
      expect(r.errcode, path).toBe(43002);
    }
  });

  it("answers 44002 to an empty body and 47001 to a body that is not JSON", async () => {
    const token = await emu.token();
    for (const path of ["/tcb/sendsms", "/tcb/getstatistics", "/tcb/cloudbasereport", "/wxa/getopendata"]) {
      expect((await emu.post(path, "", { access_token: token })).errcode, path).toBe(44002);
      expect((await emu.post(path, "{nope", { access_token: token })).errcode, path).toBe(47001);
    }
  });

  it("answers 404 for paths it does not emulate", async () => {
    const res = await fetch(`${emu.url}/tcb/nothing`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
  });
});

describe("bounded bodies", () => {
  const eightMb = "x".repeat(8 * 1024 * 1024);
  const stream = (text: string) =>
    new ReadableStream({
      start(c) {
        for (let i = 0; i < text.length; i += 65536) c.enqueue(new TextEncoder().encode(text.slice(i, i + 65536)));
        c.close();
      },
    });

  for (const path of ["/cgi-bin/stable_token", "/cgi-bin/token", "/tcb/sendsms", "/_control/faults"]) {
    it(`refuses an unauthenticated 8 MB body at ${path} with 413`, async () => {
      const res = await fetch(`${emu.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: eightMb });
      expect(res.status).toBe(413);
      expect((await res.json()).errmsg).toMatch(/too large/);
    });
  }

  it("refuses a streamed body without Content-Length once it passes the limit", async () => {
    const res = await fetch(`${emu.url}/cgi-bin/stable_token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream(`{"grant_type":"client_credential","pad":"${"y".repeat(64 * 1024)}"}`),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });
});
