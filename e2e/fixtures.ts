import crypto from "node:crypto";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
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

/** Marketing SMS wait outside the allowed hours; an admin opens them all day so a spec runs at any hour. */
export async function allowSendingAllDay(adminPage: Page): Promise<void> {
  await adminPage.goto("/settings");
  await adminPage.locator("#sms-start").fill("00:00");
  await adminPage.locator("#sms-end").fill("00:00");
  await adminPage.getByTestId("sms-save").click();
  await expect(adminPage.getByTestId("sms-save")).toBeEnabled();
}

export const test = base.extend<{ adminPage: Page }>({
  adminPage: async ({ browser }, use) => {
    const page = await newSignedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
    await use(page);
    await page.context().close();
  },
});

export { expect, E2E_ADMIN };
