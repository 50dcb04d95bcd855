import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./env";

export type Role = "analyst" | "marketer" | "admin";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator('button[type="submit"]').click();
}

export async function signInAndWait(page: Page, email: string, password: string) {
  await signIn(page, email, password);
  await page.waitForURL("**/analytics/overview");
}

/** Creates a user through the admin's Users page, as an admin would, and returns its credentials. */
export async function createUser(adminPage: Page, role: Role): Promise<{ email: string; password: string }> {
  const email = `${role}-${crypto.randomBytes(4).toString("hex")}@example.com`;
  const password = `pw-${crypto.randomBytes(8).toString("hex")}`;
  await adminPage.goto("/users");
  await adminPage.locator("#new-email").fill(email);
  await adminPage.locator("#new-role").selectOption(role);
  await adminPage.locator("#new-password").fill(password);
  await adminPage.getByRole("button", { name: /创建用户|Create user/ }).click();
  await expect(adminPage.locator(`tr[data-email="${email}"]`)).toBeVisible();
  return { email, password };
}

export async function newSignedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndWait(page, email, password);
  return page;
}

/** A marketer or admin creates an activity through the form; answers its id. */
export async function createActivity(page: Page, name: string): Promise<string> {
  await page.goto("/activities/new");
  await page.locator("#activity-name").fill(name);
  await page.locator("#activity-landingTitle").fill(`${name} 限时礼遇`);
  await page.locator("#activity-landingText").fill("会员专享满 200 减 30。");
  await page.locator("#activity-landingButton").fill("打开小程序领券");
  await page.getByRole("button", { name: /创建活动|Create activity/ }).click();
  await page.waitForURL(/\/activities\/[0-9a-f]{32}$/);
  return page.url().split("/").pop()!;
}

/** The e2e server's emulator secret (generated into its data folder). */
export const emulatorSecret = () => fs.readFileSync(path.join(process.env.HONGYAN_E2E_DATA!, "emulator-secret"), "utf8").trim();

/** Sets the e2e server's emulator faults (latency, busy answers, …) through its control endpoint. */
export async function setFaults(baseURL: string, faults: object) {
  const res = await fetch(`${baseURL}/emulator/_control/faults`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-emulator-secret": emulatorSecret() },
    body: JSON.stringify(faults),
  });
  expect(res.status).toBe(200);
}

/**
 * Screenshots in zh-CN and English, 1440 px and a 390 px phone, into `dir` as `<name>-<locale>-<width>.png`;
 * `prepare` sets the page up again after each reload.
 */
export async function shoot(page: Page, dir: string, name: string, prepare: () => Promise<void> = async () => {}, part?: () => Locator) {
  for (const [locale, width] of [["zh-CN", 1440], ["en", 1440], ["zh-CN", 390], ["en", 390]] as const) {
    await page.context().addCookies([{ name: "hongyan_locale", value: locale, url: new URL("/", page.url()).toString() }]);
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    await page.reload();
    await page.waitForLoadState("networkidle");
    await prepare();
    await page.screenshot({ path: path.join(dir, `${name}-${locale}-${width}.png`), fullPage: true });
    // And the part under review alone, readable at full size.
    if (part) await part().screenshot({ path: path.join(dir, `${name}-part-${locale}-${width}.png`) });
  }
  await page.context().addCookies([{ name: "hongyan_locale", value: "zh-CN", url: new URL("/", page.url()).toString() }]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
  await prepare();
}

/** Marketing SMS wait outside the allowed hours; an admin opens them all day so a spec runs at any hour. */
export async function allowSendingAllDay(adminPage: Page): Promise<void> {
  await adminPage.goto("/settings");
  await adminPage.locator("#sms-start").fill("00:00");
  await adminPage.locator("#sms-end").fill("00:00");
  await adminPage.getByTestId("sms-save").click();
  await expect(adminPage.getByTestId("sms-save")).toBeEnabled();
}

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

export const test = base.extend<{ adminPage: Page }, { adminSession: StorageState }>({
  // The admin signs in once per worker; each test's adminPage is a fresh browser context holding that session's
  // cookies, on a blank page (a sign-in with its overview render cost about 3 s a test). Tests that sign in or out
  // themselves do so in their own context, so this session stays open.
  adminSession: [
    async ({ browser }, use) => {
      const page = await newSignedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
      const state = await page.context().storageState();
      await page.context().close();
      await use(state);
    },
    { scope: "worker" },
  ],
  adminPage: async ({ browser, adminSession }, use) => {
    const context = await browser.newContext({ storageState: adminSession });
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
});

export { expect, E2E_ADMIN };
