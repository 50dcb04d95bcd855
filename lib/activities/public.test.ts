import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emuSchemes } from "@/lib/db/schema";
import { serveHandler, type RunningServer } from "@/lib/emulator/node-server";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { createWechatClient, type WechatClient } from "@/lib/wechat";
import { addChannel, createActivity, setActivityClosed, setActivityImage, type Activity } from "./index";
import { createPublicEndpoint, type PublicLimits } from "./public";
import { issueVisitorSession, verifyVisitorSession } from "./visitor-session";

/**
 * The public landing endpoint over real HTTP, reporting to a real emulator. Every hostile request must be
 * refused with a 4xx and leave the emulator's statistics untouched.
 */

const DAY = 86400_000;
const ALLOWED = "https://static.example.tcloudbaseapp.com";

let emu: TestEmulator;
let wechat: WechatClient;
let server: RunningServer;
let open: Activity;
let notStarted: Activity;
let ended: Activity;
let closed: Activity;
let publicUrl: string;

function uuid() {
  return crypto.randomUUID();
}
const SECRET = "test-landing-session-secret-0123";
/** A visitor session as the server issues it with the landing content. */
const signed = (activityId: string) => issueVisitorSession(SECRET, activityId);

async function serve(limits: Partial<PublicLimits> = {}, trustProxyHops = 0): Promise<RunningServer> {
  return serveHandler(
    createPublicEndpoint({
      db: emu.t.db, wechat, mode: "emulator", envId: emu.envId, publicUrl, allowedOrigins: [ALLOWED],
      now: () => emu.clock.now, limits, trustProxyHops, sessionSecret: SECRET,
    }),
  );
}

function post(path: string, body: unknown, headers: Record<string, string> = {}, base = server.url) {
  return fetch(`${base}/api/h5${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** H5 users and mini-program users the emulator counts for the activity today (0 when it has nothing). */
async function figures(activityId: string): Promise<{ h5: number; wxapp: number; channels: Record<string, number> }> {
  const begin = Math.floor((emu.clock.now.getTime() - DAY) / 1000);
  const r = await emu.call("/tcb/getstatistics", {
    action: "smsMarketingOverviewData", begin_date: begin, end_date: begin + 3 * 86400, page_offset: 0, page_limit: 100,
    condition: { env_id: emu.envId, activity_id: activityId, by_channel_id: "1" },
  });
  if (r.errcode === 10011) return { h5: 0, wxapp: 0, channels: {} };
  expect(r.errcode).toBe(0);
  const cols: string[] = r.data_column.map((c: { col_id: string }) => c.col_id);
  const rows: string[][] = r.data_value.map((v: { data_value: string[] }) => v.data_value);
  const at = (row: string[], col: string) => Number(row[cols.indexOf(col)]);
  const channels = Object.fromEntries(rows.map((row) => [row[cols.indexOf("channel_id")], at(row, "h5_open_uercnt")]));
  return {
    h5: rows.reduce((s, row) => s + at(row, "h5_open_uercnt"), 0),
    wxapp: rows.reduce((s, row) => s + at(row, "jump_wxapp_uercnt"), 0),
    channels,
  };
}

function base(over: Partial<Parameters<typeof createActivity>[1]> = {}) {
  const now = emu.clock.now.getTime();
  return {
    name: "活动", startAt: new Date(now - DAY), endAt: new Date(now + DAY), miniProgramPath: "pages/index/index", miniProgramQuery: "id=1",
    landingTitle: "标题", landingText: "正文", landingButton: "打开小程序", ...over,
  };
}

beforeAll(async () => {
  emu = await startTestEmulator();
  wechat = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, retry: { attempts: 0 } });
  publicUrl = new URL(emu.url).origin;
  open = await createActivity(emu.t.db, base({ name: "open" }));
  await addChannel(emu.t.db, open.id, { id: "poster", name: "海报" });
  const now = emu.clock.now.getTime();
  notStarted = await createActivity(emu.t.db, base({ startAt: new Date(now + DAY), endAt: new Date(now + 2 * DAY) }));
  ended = await createActivity(emu.t.db, base({ startAt: new Date(now - 2 * DAY), endAt: new Date(now - 1000) }));
  closed = await createActivity(emu.t.db, base());
  await setActivityClosed(emu.t.db, closed.id, true);
  server = await serve();
});
afterAll(async () => {
  await server.close();
  await emu.close();
});

describe("reporting a visit", () => {
  it("reports openH5 once per session: a reload does not add a user, another session does", async () => {
    const first = signed(open.id);
    const r1 = await post("/report", { activityId: open.id, channelId: "poster", sessionId: first });
    expect(r1.status).toBe(200);
    expect(await r1.json()).toEqual({ ok: true });
    expect((await post("/report", { activityId: open.id, channelId: "poster", sessionId: first })).status).toBe(200);
    expect((await figures(open.id)).channels).toEqual({ poster: 1 });
    expect((await post("/report", { activityId: open.id, channelId: "_cms_sms_", sessionId: signed(open.id) })).status).toBe(200);
    expect((await figures(open.id)).h5).toBe(2);
  });

  it("opens the mini program in emulator mode through the emulator's scheme ticket, counting one user per session", async () => {
    const session = signed(open.id);
    const r = await post("/open", { activityId: open.id, channelId: "poster", sessionId: session });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { openlink: string; launchUrl: string };
    expect(body.openlink).toMatch(/^weixin:\/\/dl\/business\/\?t=/);
    expect(body.launchUrl).toContain(`${publicUrl}/emulator/_sim/launch?t=`);
    expect(body.launchUrl).toContain(`session=${session.split(".")[0]}`);
    const page = await fetch(body.launchUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`_activityId_=${open.id}`);
    expect(html).toContain("id=1");
    await fetch(body.launchUrl);
    expect((await figures(open.id)).wxapp).toBe(1);
  });

  it("serves the landing content for the static bundle, and the image", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3d1c5a70000000049454e44ae426082", "hex");
    const saved = await setActivityImage(emu.t.db, open.id, png);
    expect(saved.ok).toBe(true);
    const r = await fetch(`${server.url}/api/h5/activity/${open.id}?source=poster`, { headers: { origin: ALLOWED } });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    const view = (await r.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ activityId: open.id, channelId: "poster", state: "open", title: "标题", buttonLabel: "打开小程序" });
    expect(view).not.toHaveProperty("miniProgramQuery");
    const img = await fetch(`${server.url}${new URL(String(view.imageUrl)).pathname}`);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await img.arrayBuffer())).toEqual(png);
    expect((await fetch(`${server.url}/api/h5/activity/${open.id}?source=nochan`)).status).toBe(404);
  });
});

describe("hostile input is refused with a clear 4xx and records nothing", () => {
  const good = () => ({ activityId: open.id, channelId: "poster", sessionId: signed(open.id) });

  const cases: [string, () => Promise<Response>, number, string][] = [
    ["GET on /report", () => fetch(`${server.url}/api/h5/report`), 405, "method_not_allowed"],
    ["an unknown path", () => post("/admin", good()), 404, "not_found"],
    ["a path traversal", () => fetch(`${server.url}/api/h5/activity/..%2F..%2Fetc%2Fpasswd`), 404, "unknown_activity"],
    ["form data instead of JSON", () => post("/report", "activityId=x", { "content-type": "application/x-www-form-urlencoded" }), 415, "unsupported_media_type"],
    ["text/plain", () => post("/report", JSON.stringify(good()), { "content-type": "text/plain" }), 415, "unsupported_media_type"],
    ["broken JSON", () => post("/report", '{"activityId": '), 400, "invalid_json"],
    ["an empty body", () => post("/report", ""), 400, "invalid_json"],
    ["a JSON array", () => post("/report", [good()]), 400, "invalid_input"],
    ["a JSON string", () => post("/report", '"hello"'), 400, "invalid_input"],
    ["null", () => post("/report", "null"), 400, "invalid_input"],
    ["a number as activityId", () => post("/report", { ...good(), activityId: 12345 }), 400, "invalid_input"],
    ["an array as channelId", () => post("/report", { ...good(), channelId: ["poster"] }), 400, "invalid_input"],
    ["an object as sessionId", () => post("/report", { ...good(), sessionId: { $ne: null } }), 400, "invalid_input"],
    ["a missing sessionId", () => post("/report", { activityId: open.id, channelId: "poster" }), 400, "invalid_input"],
    ["a session that is not a UUID", () => post("/report", { ...good(), sessionId: "not-a-uuid" }), 400, "invalid_input"],
    ["an uppercase UUID", () => post("/report", { ...good(), sessionId: uuid().toUpperCase() }), 400, "invalid_input"],
    ["a UUID with padding", () => post("/report", { ...good(), sessionId: ` ${uuid()}` }), 400, "invalid_input"],
    ["script in activityId", () => post("/report", { ...good(), activityId: "<script>alert(1)</script>" }), 400, "invalid_input"],
    ["script in channelId", () => post("/report", { ...good(), channelId: "<img src=x onerror=alert(1)>" }), 400, "invalid_input"],
    ["SQL in activityId", () => post("/report", { ...good(), activityId: "x' or '1'='1" }), 400, "invalid_input"],
    ["an unknown key", () => post("/report", { ...good(), admin: true }), 400, "invalid_input"],
    ["an unsigned session (a UUID the browser made up)", () => post("/report", { ...good(), sessionId: uuid() }), 403, "invalid_session"],
    ["a forged signature", () => post("/report", { ...good(), sessionId: `${uuid()}.${"A".repeat(43)}` }), 403, "invalid_session"],
    ["a session issued for another activity", () => post("/report", { ...good(), sessionId: signed(closed.id) }), 403, "invalid_session"],
    ["opening with an unsigned session", () => post("/open", { ...good(), sessionId: uuid() }), 403, "invalid_session"],
    ["a __proto__ key", () => post("/report", `{"activityId":"${open.id}","channelId":"poster","sessionId":"${uuid()}","__proto__":{"admin":true}}`), 400, "invalid_input"],
    ["a channel of 11 characters", () => post("/report", { ...good(), channelId: "abcdefghijk" }), 400, "invalid_input"],
    ["an unknown activity", () => post("/report", { ...good(), activityId: "doesnotexist", sessionId: signed("doesnotexist") }), 404, "unknown_activity"],
    ["an unknown channel", () => post("/report", { ...good(), channelId: "wecom" }), 404, "unknown_channel"],
    ["a not-started activity", () => post("/report", { ...good(), activityId: notStarted.id, channelId: "_cms_sms_", sessionId: signed(notStarted.id) }), 409, "activity_not_open"],
    ["an ended activity", () => post("/report", { ...good(), activityId: ended.id, channelId: "_cms_sms_", sessionId: signed(ended.id) }), 409, "activity_not_open"],
    ["a closed activity", () => post("/report", { ...good(), activityId: closed.id, channelId: "_cms_sms_", sessionId: signed(closed.id) }), 409, "activity_not_open"],
    ["opening a closed activity", () => post("/open", { ...good(), activityId: closed.id, channelId: "_cms_sms_", sessionId: signed(closed.id) }), 409, "activity_not_open"],
    ["a 2 KB body", () => post("/report", { ...good(), pad: "x".repeat(2048) }), 413, "too_large"],
    ["a 1 MB body", () => post("/report", "x".repeat(1024 * 1024)), 413, "too_large"],
    [
      "a streamed body without Content-Length",
      () =>
        fetch(`${server.url}/api/h5/report`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(`{"x":"${"y".repeat(5000)}"}`)); c.close(); } }),
          duplex: "half",
        } as RequestInit),
      413,
      "too_large",
    ],
    ["a page on another origin", () => post("/report", good(), { origin: "https://evil.example.com" }), 403, "origin_not_allowed"],
    ["a preflight from another origin", () => fetch(`${server.url}/api/h5/report`, { method: "OPTIONS", headers: { origin: "https://evil.example.com" } }), 403, "origin_not_allowed"],
    ["a malformed Origin", () => post("/report", good(), { origin: "javascript:alert(1)" }), 403, "origin_not_allowed"],
  ];

  for (const [name, send, status, code] of cases) {
    it(`refuses ${name} with ${status} ${code}`, async () => {
      const before = await figures(open.id);
      const res = await send();
      expect(res.status).toBe(status);
      const text = await res.text();
      const body = JSON.parse(text) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(5);
      expect(text).not.toMatch(/<script|<img|onerror/i);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(await figures(open.id)).toEqual(before);
    });
  }

  it("records nothing at all for not-started, ended and closed activities", async () => {
    for (const a of [notStarted, ended, closed]) expect(await figures(a.id)).toEqual({ h5: 0, wxapp: 0, channels: {} });
  });

  it("answers a preflight from the static website with CORS headers", async () => {
    const res = await fetch(`${server.url}/api/h5/report`, { method: "OPTIONS", headers: { origin: ALLOWED, "access-control-request-method": "POST" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    const ok = await post("/report", good(), { origin: ALLOWED });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ALLOWED);
  });
});

describe("floods", () => {
  it("limits one session to 10 reports a minute; the rest are 429 with Retry-After", async () => {
    const visit = { activityId: open.id, channelId: "_cms_sms_", sessionId: signed(open.id) };
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await post("/report", visit)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    const refused = await post("/report", visit);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("keys the address limit on the socket: a client that changes X-Forwarded-For on every request is still one address", async () => {
    const strict = await serve({ perAddress: { limit: 5, windowSeconds: 60 } });
    const activity = await createActivity(emu.t.db, base({ name: "spoof" }));
    emu.clock.advance(60); // a fresh window: every test in this file comes from 127.0.0.1
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const spoofed = { "x-forwarded-for": `203.0.113.${i}, 198.51.100.${i}`, "x-real-ip": `192.0.2.${i}` };
      statuses.push((await post("/report", { activityId: activity.id, channelId: "_cms_sms_", sessionId: signed(activity.id) }, spoofed, strict.url)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect((await figures(activity.id)).h5).toBe(5);
    await strict.close();
  });

  it("limits one address across sessions behind one proxy (TRUST_PROXY_HOPS=1), and counts only the visits it let through", async () => {
    const strict = await serve({ perAddress: { limit: 20, windowSeconds: 60 } }, 1);
    const activity = await createActivity(emu.t.db, base({ name: "flood" }));
    const headers = { "x-forwarded-for": "203.0.113.7" };
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await post("/report", { activityId: activity.id, channelId: "_cms_sms_", sessionId: signed(activity.id) }, headers, strict.url)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    expect((await figures(activity.id)).h5).toBe(20);
    // Another address is not affected.
    expect((await post("/report", { activityId: activity.id, channelId: "_cms_sms_", sessionId: signed(activity.id) }, { "x-forwarded-for": "198.51.100.2" }, strict.url)).status).toBe(200);
    // A new minute opens a new window.
    emu.clock.advance(60);
    expect((await post("/report", { activityId: activity.id, channelId: "_cms_sms_", sessionId: signed(activity.id) }, headers, strict.url)).status).toBe(200);
    await strict.close();
  });
});

describe("server-issued sessions and the URL-scheme budget", () => {
  it("hands out a signed session with the landing content, good for that activity only", async () => {
    const r = await fetch(`${server.url}/api/h5/activity/${open.id}?source=poster`);
    const { sessionId } = (await r.json()) as { sessionId: string };
    expect(verifyVisitorSession(SECRET, open.id, sessionId)).toBe(sessionId.split(".")[0]);
    expect(verifyVisitorSession(SECRET, closed.id, sessionId)).toBeNull();
    expect((await post("/report", { activityId: open.id, channelId: "poster", sessionId })).status).toBe(200);
  });

  it("caps /open per activity per hour, whatever the sessions, since each call spends a URL scheme", async () => {
    const capped = await serve({ opensPerActivity: { limit: 3, windowSeconds: 3600 } });
    const activity = await createActivity(emu.t.db, base({ name: "scheme budget" }));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post("/open", { activityId: activity.id, channelId: "_cms_sms_", sessionId: signed(activity.id) }, {}, capped.url)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(await emu.t.db.$count(emuSchemes, like(emuSchemes.query, `%_activityId_=${activity.id}%`))).toBe(3);
    await capped.close();
  });

  it("opens the simulated mini program only for the session the scheme was issued to", async () => {
    const activity = await createActivity(emu.t.db, base({ name: "one ticket" }));
    const session = signed(activity.id);
    const r = await post("/open", { activityId: activity.id, channelId: "_cms_sms_", sessionId: session });
    const { launchUrl } = (await r.json()) as { launchUrl: string };
    const ticket = new URL(launchUrl).searchParams.get("t")!;
    const emulatorLaunch = `${emu.url}/_sim/launch?t=${encodeURIComponent(ticket)}`;
    expect((await fetch(`${emulatorLaunch}&session=${uuid()}`)).status).toBe(403);
    expect((await fetch(emulatorLaunch)).status).toBe(403);
    expect((await figures(activity.id)).wxapp).toBe(0);
    expect((await fetch(`${emulatorLaunch}&session=${session.split(".")[0]}`)).status).toBe(200);
    expect((await figures(activity.id)).wxapp).toBe(1);
  });
});
