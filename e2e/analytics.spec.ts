import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { emulatorSecret, expect, test } from "./fixtures";

/**
 * The analytics pages against the emulator: what the screen shows must be what getStatistics answers, asked
 * directly over HTTP with the emulator's own credentials.
 */

const ENV_ID = "emulator-env";
const APPID = "wxemulator0000000";
const SHOTS = path.join(".tmp", "screenshots", "analytics");

type Json = Record<string, unknown>;

function shanghaiDay(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);
}
/** Local midnight in Shanghai (UTC+8, no daylight saving) as Unix seconds. */
function shanghaiMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`) / 1000;
}

class Emulator {
  private token?: string;
  constructor(private readonly base: string) {}

  async post(p: string, body: unknown, query = ""): Promise<Json> {
    const res = await fetch(`${this.base}/emulator${p}${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return (await res.json()) as Json;
  }
  async call(p: string, body: unknown): Promise<Json> {
    this.token ??= (await this.post("/cgi-bin/stable_token", { grant_type: "client_credential", appid: APPID, secret: emulatorSecret(), force_refresh: false })).access_token as string;
    return this.post(p, body, `?access_token=${encodeURIComponent(this.token)}`);
  }
  async statistics(body: Json): Promise<Json> {
    const answer = await this.call("/tcb/getstatistics", body);
    expect([0, 10011]).toContain(answer.errcode);
    return answer;
  }
  /** Overview or conversion rows as objects keyed by col_id (strings, as on the wire). */
  async rows(body: Json): Promise<Record<string, string>[]> {
    const a = await this.statistics({ page_offset: 0, page_limit: 1000, ...body });
    const ids = ((a.data_column ?? []) as { col_id: string }[]).map((c) => c.col_id);
    return ((a.data_value ?? []) as { data_value: string[] }[]).map((r) => Object.fromEntries(ids.map((id, i) => [id, r.data_value[i]])));
  }
  async realtime(activityId: string, channelId: string, actType: "h5" | "wxapp", begin: number, end: number): Promise<[number, number][]> {
    const a = await this.statistics({ action: "smsMarketingRealTimeData", begin_date: begin, end_date: end, condition: { env_id: ENV_ID, activity_id: activityId, channel_id: channelId, act_type: actType } });
    return ((a.data_value ?? []) as { data_value: string[] }[]).map((r) => [Number(r.data_value[0]), Number(r.data_value[1])]);
  }
  async openH5(activityId: string, channelId: string, sessions: number) {
    for (let i = 0; i < sessions; i++) {
      const r = await this.call("/tcb/cloudbasereport", { report_action: "openH5", env_id: ENV_ID, activity_id: activityId, channel_id: channelId, session_id: crypto.randomUUID() });
      expect(r.errcode).toBe(0);
    }
  }
  /** Mini-program opens, as the landing page's button does them: a scheme, then the simulated mini program. */
  async openMiniProgram(activityId: string, channelId: string, users: number) {
    const scheme = await this.call("/wxa/generatescheme", { jump_wxa: { path: "pages/index/index", query: `_activityId_=${activityId}&_source_=${channelId}&_envId_=${ENV_ID}` }, expire_type: 1, expire_interval: 1 });
    const ticket = new URL(String(scheme.openlink).replace("weixin://", "http://x/")).searchParams.get("t")!;
    for (let i = 0; i < users; i++) {
      const res = await fetch(`${this.base}/emulator/_sim/launch?t=${encodeURIComponent(ticket)}&session=${crypto.randomUUID()}`);
      expect(res.status).toBe(200);
    }
  }
  async sendTask(activityId: string, taskId: string, numbers: number) {
    const r = await this.call("/tcb/cloudbasereport", { report_action: "sendSmsTask", env_id: ENV_ID, activity_id: activityId, task_id: taskId, phone_count: String(numbers) });
    expect(r.errcode).toBe(0);
  }
}

/** Figures for a fresh activity, recorded today: two send tasks, visits on SMS, wecom and the unknown channel. */
async function seedActivity(emu: Emulator, activityId: string) {
  await emu.sendTask(activityId, `${activityId}-t1`, 120);
  await emu.sendTask(activityId, `${activityId}-t2`, 80);
  await emu.openH5(activityId, "_cms_sms_", 30);
  await emu.openH5(activityId, "wecom", 12);
  await emu.openH5(activityId, "-", 5);
  await emu.openMiniProgram(activityId, "_cms_sms_", 9);
  await emu.openMiniProgram(activityId, "wecom", 3);
}

async function chartsDrawn(page: Page) {
  await page.waitForFunction(() => performance.getEntriesByName("hongyan:charts-drawn").length > 0);
}

/** Days ending today (figures made here) or yesterday (the demo, whose recent send is still bringing visitors today). */
function rangeOf(from: string, to: string) {
  return { range: { from, to }, query: `range=custom&from=${from}&to=${to}`, unix: { begin_date: shanghaiMidnight(from), end_date: shanghaiMidnight(to) + 86400 } };
}
let { query: rangeQuery, unix } = rangeOf(shanghaiDay(-13), shanghaiDay(0));

let emu: Emulator;
let activityId: string;

test.beforeAll(async ({ baseURL }) => {
  emu = new Emulator(baseURL!);
  // The demo activity when `npm start` seeded it, otherwise one made here.
  const demo = await emu.rows({ action: "smsMarketingOverviewData", ...unix, condition: { env_id: ENV_ID, activity_id: "demo-double11", by_channel_id: "0" } });
  if (demo.length > 0) {
    activityId = "demo-double11";
    ({ query: rangeQuery, unix } = rangeOf(shanghaiDay(-14), shanghaiDay(-1)));
  } else {
    activityId = `e2e-${crypto.randomBytes(4).toString("hex")}`;
    await seedActivity(emu, activityId);
  }
});

test("the overview shows the same totals, channel pies and send tasks as getStatistics", async ({ adminPage: page }) => {
  await page.goto(`/analytics/overview?activity=${activityId}&${rangeQuery}`);
  await chartsDrawn(page);
  const condition = { env_id: ENV_ID, activity_id: activityId };
  const [all] = await emu.rows({ action: "smsMarketingOverviewData", ...unix, condition: { ...condition, by_channel_id: "0" } });
  const byChannel = await emu.rows({ action: "smsMarketingOverviewData", ...unix, condition: { ...condition, by_channel_id: "1" } });

  const tile = (id: string) => page.locator(`[data-tile="${id}"]`);
  await expect(tile("smsSent")).toHaveAttribute("data-value", String(Number(all.sms_send_uercnt)));
  await expect(tile("h5Users")).toHaveAttribute("data-value", String(Number(all.h5_open_uercnt)));
  await expect(tile("wxappUsers")).toHaveAttribute("data-value", String(Number(all.jump_wxapp_uercnt)));
  expect(Number(await tile("h5SmsRate").getAttribute("data-value"))).toBeCloseTo(Number(all.h5_sms_rate), 6);
  expect(Number(await tile("jumpH5Rate").getAttribute("data-value"))).toBeCloseTo(Number(all.jump_h5_rate), 6);
  // Each tile also names its change against the previous period.
  await expect(tile("smsSent").locator("[data-change]")).toBeVisible();

  for (const [legend, column] of [["h5ByChannel", "h5_open_uercnt"], ["wxappByChannel", "jump_wxapp_uercnt"]] as const) {
    const items = page.locator(`[data-legend="${legend}"] li`);
    await expect(items).toHaveCount(byChannel.length);
    for (const row of byChannel) {
      await expect(page.locator(`[data-legend="${legend}"] li[data-channel="${row.channel_id}"]`)).toHaveAttribute("data-count", String(Number(row[column])));
    }
    const total = byChannel.reduce((s, r) => s + Number(r[column]), 0);
    await expect(page.locator(`[data-pie-total="${legend}"]`)).toHaveText(total.toLocaleString("zh-CN"));
  }
  if (byChannel.some((r) => r.channel_id === "-")) await expect(page.locator('[data-legend="h5ByChannel"] li[data-channel="-"]')).toContainText("未知渠道");

  const tasks = String(all.sms_send_list).replace(/^\[|\]$/g, "").split(",").filter(Boolean);
  await expect(page.locator("[data-testid=send-tasks] li")).toHaveCount(tasks.length);
  for (const entry of tasks) {
    const at = entry.lastIndexOf(":");
    await expect(page.locator(`[data-task="${entry.slice(0, at)}"]`)).toHaveAttribute("data-count", String(Number(entry.slice(at + 1))));
  }

  // The table view carries the same figures, and the CSV export downloads them.
  const pie = page.locator('[data-panel="h5ByChannel"]');
  await pie.getByRole("button", { name: /表格|Table/ }).click();
  await expect(pie.locator("[data-testid=data-table] tbody tr")).toHaveCount(byChannel.length);
  const download = page.waitForEvent("download");
  await pie.getByRole("button", { name: /CSV/ }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, "utf8");
  expect(csv.split("\r\n")[0]).toContain("渠道");
  if (byChannel.some((r) => r.channel_id === "-")) expect(csv).toContain(",'-,");
});

test("the funnel shows the conversion data of the chosen channel and every channel side by side", async ({ adminPage: page }) => {
  for (const channelId of ["_cms_sms_", "wecom"]) {
    await page.goto(`/analytics/funnel?activity=${activityId}&${rangeQuery}&channel=${channelId}`);
    await chartsDrawn(page);
    const [row] = await emu.rows({ action: "smsMarketingConversionData", ...unix, condition: { env_id: ENV_ID, activity_id: activityId, channel_id: channelId } });
    if (!row) continue;
    const step = (key: string) => page.locator(`[data-step="${key}"]`);
    if (channelId === "_cms_sms_") await expect(step("smsSent")).toHaveAttribute("data-count", String(Number(row.sms_send_uercnt)));
    else await expect(step("smsSent")).toHaveCount(0);
    await expect(step("h5Opened")).toHaveAttribute("data-count", String(Number(row.h5_open_uercnt)));
    await expect(step("wxappOpened")).toHaveAttribute("data-count", String(Number(row.jump_wxapp_uercnt)));
    await expect(page.locator('[data-panel="funnel"] .recharts-surface').first()).toBeVisible();
  }
  const byChannel = await emu.rows({ action: "smsMarketingOverviewData", ...unix, condition: { env_id: ENV_ID, activity_id: activityId, by_channel_id: "1" } });
  const compare = page.locator('[data-panel="channels"]');
  await expect(compare.locator(".recharts-surface").first()).toBeVisible();
  await compare.getByRole("button", { name: /表格|Table/ }).click();
  await expect(compare.locator("[data-testid=data-table] tbody tr")).toHaveCount(byChannel.length);
});

test("the real-time chart equals getStatistics for the same window and channel", async ({ adminPage: page }) => {
  test.setTimeout(240_000);
  await page.goto(`/analytics/realtime?activity=${activityId}&hours=24`);
  await chartsDrawn(page);
  const summary = page.locator("[data-testid=realtime-summary]");
  // On a fresh start the demo send's recipients arrive over the first minutes: refresh until the chart has points.
  await expect(async () => {
    await page.getByRole("button", { name: /刷新|Refresh/ }).click();
    await expect(page.locator("[data-testid=realtime-chart] .recharts-surface").first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  // Recipients of a recent send may still be arriving: compare one answer with the screen, refreshing until they agree.
  await expect(async () => {
    await page.getByRole("button", { name: /刷新|Refresh/ }).click();
    await expect(page.locator("[data-testid=realtime-status] svg.animate-spin")).toHaveCount(0);
    const begin = Number(await summary.getAttribute("data-begin"));
    const end = Number(await summary.getAttribute("data-end"));
    const h5 = await emu.realtime(activityId, "_cms_sms_", "h5", begin, end);
    const wxapp = await emu.realtime(activityId, "_cms_sms_", "wxapp", begin, end);
    expect(Number(await summary.getAttribute("data-h5"))).toBe(h5.reduce((s, [, n]) => s + n, 0));
    expect(Number(await summary.getAttribute("data-wxapp"))).toBe(wxapp.reduce((s, [, n]) => s + n, 0));
  }).toPass({ timeout: 30_000 });
});

test("a send followed by opens appears on the real-time chart without a reload", async ({ adminPage: page }) => {
  const live = `e2e-live-${crypto.randomBytes(4).toString("hex")}`;
  await page.goto(`/analytics/realtime?activity=${live}&hours=1`);
  await chartsDrawn(page);
  await expect(page.locator('[data-panel="realtime"] [data-panel-state="empty"]')).toBeVisible();

  const sent = await emu.call("/tcb/sendsms", { env: ENV_ID, sms_type: "Marketing", phone_number_list: ["+8613800138000"], content: "E2E 实时测试", path: `/h5/${live}?activityId=${live}&source=_cms_sms_` });
  expect(sent.errcode).toBe(0);
  await emu.sendTask(live, `${live}-task`, 1);
  await emu.openH5(live, "_cms_sms_", 3);
  await emu.openMiniProgram(live, "_cms_sms_", 1);

  // The page refreshes itself every 15 seconds; no reload, no click.
  const summary = page.locator("[data-testid=realtime-summary]");
  await expect(summary).toBeVisible({ timeout: 40_000 });
  expect(Number(await summary.getAttribute("data-h5"))).toBeGreaterThanOrEqual(3);
  expect(Number(await summary.getAttribute("data-wxapp"))).toBeGreaterThanOrEqual(1);
  await expect(page.locator("[data-testid=last-updated]")).toBeVisible();
});

test("an analyst reads every analytics page", async ({ analystPage: page }) => {
  test.setTimeout(180_000);
  // The real-time page shows hours, not days: the last 24, as in the real-time test, so the demo's last send is in
  // them at any hour the suite runs (its default 12 hours were empty after midnight China time).
  for (const p of ["overview", "compare", "funnel", "realtime?hours=24&"]) {
    await page.goto(`/analytics/${p}${p.includes("?") ? "" : "?"}activity=${activityId}&${rangeQuery}`);
    await chartsDrawn(page);
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    await expect(page.locator("[data-testid=panel-error]")).toHaveCount(0);
  }
  await page.context().close();
});

test("analytics pages send a visitor without a session to sign in; the old JSON routes are gone", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const p of ["overview", "compare"]) {
    const page = await anonymous.get(`/analytics/${p}?activity=${activityId}`, { maxRedirects: 0 });
    expect([302, 303, 307, 308]).toContain(page.status());
    expect(page.headers().location).toContain("/sign-in");
  }
  expect((await anonymous.get(`/api/analytics/overview?activityId=${activityId}&beginDate=${unix.begin_date}&endDate=${unix.end_date}`)).status()).toBe(404);
  await anonymous.dispose();
});

test("an activity without figures shows the empty state", async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  const empty = `e2e-empty-${crypto.randomBytes(4).toString("hex")}`;
  await page.goto(`/analytics/overview?activity=${empty}&${rangeQuery}`);
  await chartsDrawn(page);
  await expect(page.locator('[data-panel-state="empty"]').first()).toBeVisible();
  await expect(page.getByText("暂无数据").first()).toBeVisible();
  await page.goto(`/analytics/funnel?activity=${empty}&${rangeQuery}`);
  await expect(page.locator('[data-panel="funnel"] [data-panel-state="empty"]')).toBeVisible();
});

test("a busy WeChat shows what happened and offers a retry that recovers", async ({ adminPage: page, baseURL }) => {
  const control = (p: string, body: unknown) =>
    fetch(`${baseURL}/emulator/_control/${p}`, { method: "POST", headers: { "content-type": "application/json", "x-emulator-secret": emulatorSecret() }, body: JSON.stringify(body) });
  expect((await control("faults", { busyRate: 1 })).status).toBe(200);
  try {
    await page.goto(`/analytics/funnel?activity=${activityId}&${rangeQuery}`);
    const error = page.locator('[data-panel="funnel"] [data-testid=panel-error]');
    await expect(error).toBeVisible({ timeout: 30_000 });
    await expect(error).toContainText("-1");
    await expect(error.getByRole("button", { name: /重试|Try again/ })).toBeVisible();
  } finally {
    await control("reset-faults", {});
  }
  await page.locator('[data-panel="funnel"]').getByRole("button", { name: /重试|Try again/ }).click();
  await expect(page.locator('[data-panel="funnel"] [data-panel-state="content"]')).toBeVisible({ timeout: 30_000 });
});

test("screenshots of every page in zh-CN and English, light and dark", async ({ browser, baseURL, adminSession }) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [locale, theme] of [["zh-CN", "light"], ["zh-CN", "dark"], ["en", "light"], ["en", "dark"]]) {
    // The worker's admin session: signing in here rendered an overview nobody looked at, four times.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale, timezoneId: "Asia/Shanghai", storageState: adminSession });
    await context.addCookies([
      { name: "hongyan_locale", value: locale, url: baseURL! },
      { name: "hongyan_theme", value: theme, url: baseURL! },
    ]);
    const page = await context.newPage();
    for (const p of ["overview", "funnel", "realtime"]) {
      await page.goto(`/analytics/${p}?activity=${activityId}&${rangeQuery}`);
      await chartsDrawn(page);
      await page.screenshot({ path: path.join(SHOTS, `${p}-${locale}-${theme}.png`), fullPage: true });
    }
    await context.close();
  }
});
