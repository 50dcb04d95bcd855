import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { createUser, e2eServer, emulatorSecret, expect, signInAndWait, test } from "./fixtures";
import { CHROMIUM_PATH, E2E_LANDING_ORIGIN } from "./env";
import { landingHtml } from "@/lib/activities/bundle-html";
import { CHROMIUM_ARGS } from "../playwright.config";

/**
 * Issue 5, end to end on a phone-sized screen: a marketer creates an activity with a custom channel, visitors
 * open its link, and the emulator's own statistics (read over HTTP like any WeChat client) count them.
 */

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  locale: "zh-CN",
  timezoneId: "Asia/Shanghai",
};
const SHOTS = path.join(".tmp", "shots");

const emulator = () => `${e2eServer().baseURL}/emulator`;

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(PHONE);
  return { context, page: await context.newPage() };
}

let token: string | undefined;
async function emulatorToken(): Promise<string> {
  if (token) return token;
  const secret = emulatorSecret();
  const res = await fetch(`${emulator()}/cgi-bin/stable_token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credential", appid: process.env.EMULATOR_APPID ?? "wxemulator0000000", secret, force_refresh: false }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no emulator token: ${JSON.stringify(body)}`);
  return (token = body.access_token);
}

/** H5 users and mini-program users per channel, from getstatistics (overview by channel, yesterday to tomorrow). */
async function figures(activityId: string): Promise<Record<string, { h5: number; wxapp: number }>> {
  const now = Math.floor(Date.now() / 1000);
  const res = await fetch(`${emulator()}/tcb/getstatistics?access_token=${await emulatorToken()}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      action: "smsMarketingOverviewData", begin_date: now - 86400, end_date: now + 86400, page_offset: 0, page_limit: 100,
      condition: { env_id: "emulator-env", activity_id: activityId, by_channel_id: "1" },
    }),
  });
  const body = (await res.json()) as { errcode: number; data_column?: { col_id: string }[]; data_value?: { data_value: string[] }[] };
  if (body.errcode === 10011) return {};
  expect(body.errcode).toBe(0);
  const cols = body.data_column!.map((c) => c.col_id);
  const at = (row: string[], col: string) => row[cols.indexOf(col)];
  return Object.fromEntries(
    body.data_value!.map(({ data_value: row }) => [at(row, "channel_id"), { h5: Number(at(row, "h5_open_uercnt")), wxapp: Number(at(row, "jump_wxapp_uercnt")) }]),
  );
}

/** Opens the landing link and waits until its visit report has been answered. */
async function visit(page: Page, link: string) {
  const reported = page.waitForResponse((r) => r.url().includes("/api/h5/report") && r.request().method() === "POST");
  await page.goto(link);
  expect((await reported).status()).toBe(200);
}

async function createActivity(page: Page, fields: { name: string; start?: string; end?: string }): Promise<string> {
  await page.goto("/activities/new");
  await page.locator("#activity-name").fill(fields.name);
  if (fields.start) await page.locator("#activity-startAt").fill(fields.start);
  if (fields.end) await page.locator("#activity-endAt").fill(fields.end);
  await page.locator("#activity-landingTitle").fill(`${fields.name} 限时礼遇`);
  await page.locator("#activity-landingText").fill("会员专享满 200 减 30，点击下方按钮进入小程序领取优惠券。");
  await page.locator("#activity-landingButton").fill("打开小程序领券");
  await page.getByRole("button", { name: /创建活动|Create activity/ }).click();
  await page.waitForURL(/\/activities\/[0-9a-f]{32}$/);
  return page.url().split("/").pop()!;
}

function localInput(d: Date): string {
  // The phone context runs in Asia/Shanghai: datetime-local takes China time.
  const china = new Date(d.getTime() + 8 * 3600_000);
  return china.toISOString().slice(0, 16);
}

test("a custom channel's visitors and mini-program opens reach the emulator's statistics", async ({ adminPage, browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const marketer = await createUser(adminPage, "marketer");
  const { context: mctx, page: m } = await phone(browser);
  await signInAndWait(m, marketer.email, marketer.password);

  const id = await createActivity(m, { name: "春季新品发布" });
  await m.locator("#channel-id").fill("poster1");
  await m.locator("#channel-name").fill("门店海报");
  await m.getByRole("button", { name: /添加渠道|Add channel/ }).click();
  const row = m.locator('li[data-channel-id="poster1"]');
  await expect(row).toBeVisible();
  await expect(m.locator('li[data-channel-id="_cms_sms_"]')).toBeVisible();
  await expect(m.getByTestId("sms-path")).toHaveText(`/landing/index.html?activityId=${id}&source=_cms_sms_`);
  const link = (await row.getByTestId("channel-link").textContent())!.trim();
  expect(link).toMatch(new RegExp(`/h5/${id}\\?source=poster1$`));
  // The QR code is a real PNG.
  const qr = await m.request.get(`/activities/${id}/qr?channel=poster1&download=1`);
  expect(qr.headers()["content-type"]).toBe("image/png");
  expect((await qr.body()).subarray(1, 4).toString()).toBe("PNG");
  await m.screenshot({ path: path.join(SHOTS, "activity-detail-phone.png"), fullPage: true });

  const a = await phone(browser);
  await visit(a.page, link);
  await expect(a.page.getByRole("heading", { name: "春季新品发布 限时礼遇" })).toBeVisible();
  await a.page.screenshot({ path: path.join(SHOTS, "landing-open.png"), fullPage: true });
  await expect.poll(async () => (await figures(id)).poster1?.h5).toBe(1);

  await a.page.reload();
  await visit(a.page, link);
  expect((await figures(id)).poster1?.h5).toBe(1);

  const b = await phone(browser);
  await visit(b.page, link);
  await expect.poll(async () => (await figures(id)).poster1?.h5).toBe(2);

  await a.page.getByTestId("open-mini-program").click();
  await a.page.waitForURL(/\/emulator\/_sim\/launch\?t=/);
  await expect(a.page.getByText("已记录一次小程序打开")).toBeVisible();
  await expect(a.page.getByText(`_activityId_=${id}`)).toBeVisible();
  await a.page.screenshot({ path: path.join(SHOTS, "landing-simulated-mini-program.png"), fullPage: true });
  await expect.poll(async () => (await figures(id)).poster1?.wxapp).toBe(1);
  expect((await figures(id)).poster1).toEqual({ h5: 2, wxapp: 1 });

  // The list finds it by name.
  await m.goto(`/activities?q=${encodeURIComponent("春季")}`);
  await expect(m.locator(`tr[data-activity-id="${id}"]`)).toBeVisible();
  // With statistics, it can only be closed, not deleted.
  await m.goto(`/activities/${id}`);
  m.once("dialog", (d) => void d.accept());
  await m.getByRole("button", { name: /删除活动|Delete activity/ }).click();
  await expect(m.getByText(/不能删除，只能关闭|cannot be deleted/)).toBeVisible();

  await Promise.all([mctx.close(), a.context.close(), b.context.close()]);
});

test("the landing page says clearly when an activity is not started, ended, closed or unknown, and reports nothing", async ({ adminPage, browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const now = Date.now();
  const day = 86400_000;
  const future = await createActivity(adminPage, { name: "未来活动", start: localInput(new Date(now + 2 * day)), end: localInput(new Date(now + 9 * day)) });
  const past = await createActivity(adminPage, { name: "往期活动", start: localInput(new Date(now - 9 * day)), end: localInput(new Date(now - 2 * day)) });
  const closed = await createActivity(adminPage, { name: "已关闭活动" });
  await adminPage.getByRole("button", { name: /关闭活动|Close activity/ }).click();
  await expect(adminPage.getByRole("button", { name: /重新开启|Reopen/ })).toBeVisible();

  const { context, page } = await phone(browser);
  const reports: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/h5/")) reports.push(r.url());
  });
  for (const [id, state, title] of [
    [future, "not_started", "活动尚未开始"],
    [past, "ended", "活动已结束"],
    [closed, "closed", "活动已关闭"],
    ["no-such-activity", "unknown", "链接无效"],
  ] as const) {
    await page.goto(`/h5/${id}?source=_cms_sms_`);
    await expect(page.locator(`[data-landing-state="${state}"]`)).toBeVisible();
    // Scoped to the page body: Next streams the <title> into the body too, and it carries the same words.
    await expect(page.locator(`[data-landing-state="${state}"]`).getByText(title)).toBeVisible();
    await expect(page.getByTestId("open-mini-program")).toHaveCount(0);
    await page.screenshot({ path: path.join(SHOTS, `landing-${state}.png`), fullPage: true });
  }
  // A channel the activity does not have is a broken link too.
  await page.goto(`/h5/${future}?source=nochannel`);
  await expect(page.locator('[data-landing-state="unknown"]')).toBeVisible();
  expect(reports).toEqual([]);
  for (const id of [future, past, closed]) expect(await figures(id)).toEqual({});
  await context.close();
});

test("the exported static bundle, served from the static website's origin, reports through the public endpoint (CORS)", async ({ adminPage, playwright }) => {
  // The "static website" below is a public-looking origin served by request interception while the app listens on
  // loopback; Chromium's local-network protection would block that pairing, which real deployments (public static
  // website → public app) never meet. A browser of its own for this test (launch options set by test.use would put
  // the whole file in a Playwright worker of its own, which starts a server of its own).
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights"],
  });
  try {
    await staticBundleReports(adminPage, browser);
  } finally {
    await browser.close();
  }
});

async function staticBundleReports(adminPage: Page, browser: Browser) {
  const id = await createActivity(adminPage, { name: "静态网站活动" });
  // The SMS path, answered by the app itself (emulator mode plays the static website), leads to the landing page.
  const redirect = await adminPage.request.get(`/landing/index.html?activityId=${id}&source=_cms_sms_`, { maxRedirects: 0 });
  expect(redirect.status()).toBe(302);
  expect(redirect.headers().location).toBe(`/h5/${id}?source=_cms_sms_`);

  // What `npm run export:landing` writes, served as the CloudBase static website would serve it.
  const bundle: Record<string, { body: string; type: string }> = {
    "index.html": { body: landingHtml({ api: `http://localhost:${e2eServer().port}`, mode: "emulator", appId: "", weappUsername: "" }), type: "text/html" },
    "landing.js": { body: fs.readFileSync("lib/activities/bundle/landing.js", "utf8"), type: "application/javascript" },
    "landing.css": { body: fs.readFileSync("lib/activities/bundle/landing.css", "utf8"), type: "text/css" },
  };
  const serve = async (context: BrowserContext, origin: string) =>
    context.route(`${origin}/landing/**`, (route) => {
      const file = new URL(route.request().url()).pathname.split("/").pop()!;
      const found = bundle[file];
      return found ? route.fulfill({ status: 200, contentType: found.type, body: found.body }) : route.fulfill({ status: 404, body: "" });
    });

  const { context, page } = await phone(browser);
  await serve(context, E2E_LANDING_ORIGIN);
  const reported = page.waitForResponse((r) => r.url().includes("/api/h5/report"));
  await page.goto(`${E2E_LANDING_ORIGIN}/landing/index.html?activityId=${id}&source=_cms_sms_`);
  expect((await reported).status()).toBe(200);
  await expect(page.getByRole("heading", { name: "静态网站活动 限时礼遇" })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "bundle-open.png"), fullPage: true });
  await expect.poll(async () => (await figures(id))._cms_sms_?.h5).toBe(1);
  await page.getByRole("button", { name: "打开小程序领券" }).click();
  await page.waitForURL(/\/emulator\/_sim\/launch\?t=/);
  await expect.poll(async () => (await figures(id))._cms_sms_?.wxapp).toBe(1);

  // The same bundle on an origin that is not configured: the browser is refused, nothing is counted.
  const evil = "http://not-allowed.e2e.test";
  const other = await phone(browser);
  await serve(other.context, evil);
  await other.page.goto(`${evil}/landing/index.html?activityId=${id}&source=_cms_sms_`);
  await expect(other.page.getByText("网络不可用")).toBeVisible();
  expect((await figures(id))._cms_sms_).toEqual({ h5: 1, wxapp: 1 });
  await Promise.all([context.close(), other.context.close()]);
}

test("a marketer uploads a landing image (type- and size-checked) and the landing page shows it", async ({ adminPage, browser }) => {
  const id = await createActivity(adminPage, { name: "图片活动" });
  const QRCode = (await import("qrcode")).default;
  const png = await QRCode.toBuffer("https://example.com/hongyan", { type: "png", width: 480, color: { dark: "#0a8f5aff", light: "#e8f8efff" } });
  await adminPage.locator("#image-file").setInputFiles({ name: "banner.png", mimeType: "image/png", buffer: png });
  await expect(adminPage.getByTestId("landing-image")).toBeVisible();
  // An SVG (which can carry script) named .png is refused by its content.
  await adminPage.locator("#image-file").setInputFiles({ name: "evil.png", mimeType: "image/png", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
  await expect(adminPage.getByText(/只支持 PNG、JPEG、GIF 或 WebP|Only PNG, JPEG, GIF or WebP/)).toBeVisible();

  const { context, page } = await phone(browser);
  await visit(page, `/h5/${id}?source=_cms_sms_`);
  const img = page.locator("main img").first();
  await expect(img).toBeVisible();
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(480);
  await page.screenshot({ path: path.join(SHOTS, "landing-open-with-image.png"), fullPage: true });
  await context.close();
});
