import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppConfig } from "@/lib/config";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { testWechatConnection } from "./connection-test";

// The connection test against the emulator over HTTP, as the Settings page runs it, with right and wrong settings.
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ start: new Date() });
});
afterAll(async () => emu.close());

function settings(overrides: Partial<AppConfig["wechat"]> = {}): AppConfig["wechat"] {
  return { mode: "live", appId: emu.appId, secret: emu.secret, envId: emu.envId, apiBase: emu.url, fixedAccessToken: undefined, tokenServiceUrl: undefined, ...overrides };
}

describe("testWechatConnection", () => {
  it("passes with the right credentials: a token, then one harmless call", async () => {
    const result = await testWechatConnection(settings({ mode: "emulator" }));
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([["token", true], ["api", true]]);
    expect(result.problem).toBeUndefined();
  });

  it("reports 40013 for a wrong app ID (live mode pointed at the emulator)", async () => {
    const result = await testWechatConnection(settings({ appId: "wx0000000000wrong" }));
    expect(result.ok).toBe(false);
    expect(result.steps).toHaveLength(1);
    expect(result.problem).toMatchObject({ code: 40013, kind: "config", messageKey: "errors.40013" });
  });

  it("reports 40125 for a wrong secret", async () => {
    const result = await testWechatConnection(settings({ secret: "wrong-secret" }));
    expect(result.problem).toMatchObject({ code: 40125, kind: "config" });
  });

  it("gets the token but reports -601027 for a wrong environment ID", async () => {
    const result = await testWechatConnection(settings({ envId: "no-such-env" }));
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([["token", true], ["api", false]]);
    expect(result.problem).toMatchObject({ code: -601027, kind: "config" });
  });

  it("reports a token that is rejected (a fixed WECHAT_ACCESS_TOKEN that is not valid)", async () => {
    const result = await testWechatConnection(settings({ fixedAccessToken: "not-a-token" }));
    expect(result.problem).toMatchObject({ code: 40014, kind: "token" });
  });

  it("reports an API base nobody answers at as a network problem", async () => {
    const result = await testWechatConnection(settings({ apiBase: "http://127.0.0.1:9/emulator" }));
    expect(result.problem).toMatchObject({ code: -90002, kind: "network" });
  });

  it("reports missing credentials before calling anyone", async () => {
    const result = await testWechatConnection(settings({ appId: "", secret: "" }));
    expect(result.problem).toMatchObject({ code: -90004, kind: "config" });
  });
});

describe("testWechatConnection against a WeChat that refuses this app", () => {
  // Codes the emulator never gives: a real HTTP server answering the token request, then the API call with `refuse`.
  let server: http.Server;
  let base: string;
  let refuse = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url?.startsWith("/cgi-bin/stable_token")) res.end(JSON.stringify({ access_token: "tok", expires_in: 7200 }));
      else res.end(JSON.stringify({ errcode: refuse, errmsg: refuse === 40164 ? "invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 1" : "refused" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    [40164, "config"],
    [48001, "config"],
    [85088, "config"],
  ])("reports %i from the API call with its message key and WeChat's own words", async (code, kind) => {
    refuse = code;
    const result = await testWechatConnection(settings({ apiBase: base }));
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([["token", true], ["api", false]]);
    expect(result.problem).toMatchObject({ code, kind, messageKey: `errors.${code}` });
    if (code === 40164) expect(result.problem!.errmsg).toContain("203.0.113.9");
  });
});
