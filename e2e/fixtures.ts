import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test as base, expect, type Browser, type Locator, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_LANDING_ORIGIN } from "./env";

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

/** The e2e server a worker's specs talk to: where it listens and its data folder. */
export interface E2eServer {
  baseURL: string;
  dataDir: string;
}

let current: E2eServer | undefined;

/** This worker's e2e server (started by the `server` fixture below). */
export function e2eServer(): E2eServer {
  if (!current) throw new Error("no e2e server in this worker: import `test` from e2e/fixtures");
  return current;
}

/** The e2e server's emulator secret (generated into its data folder). */
export const emulatorSecret = () => fs.readFileSync(path.join(e2eServer().dataDir, "emulator-secret"), "utf8").trim();

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

/**
 * `npm start` (scripts/start.ts: embedded PostgreSQL, web server, worker) on a fresh data folder, on the port of the
 * worker's project (playwright.config.ts: each lane of specs has its own server, so one lane's emulator faults,
 * settings and queue never reach another). Started the first time a spec of the lane needs it, stopped with
 * SIGTERM like Ctrl-C when the worker ends; a worker that replaces one after a failed test gets a fresh server.
 */
async function startServer(port: number, log: (line: string) => void): Promise<{ server: E2eServer; stop: () => Promise<void> }> {
  const root = process.env.HONGYAN_E2E_DATA ?? os.tmpdir();
  const dataDir = fs.mkdtempSync(path.join(root, `server-${port}-`));
  const baseURL = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "start.ts")], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so the stop below reaches the web server and worker too
    env: {
      ...process.env,
      PORT: String(port),
      HONGYAN_DATA_DIR: dataDir,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      LOG_LEVEL: "warn",
      LANDING_ORIGINS: E2E_LANDING_ORIGIN,
      // A/B tests pick their winner 45 s after the variants go out, not hours (never shown in the UI).
      ABTEST_MIN_WAIT_SECONDS: "45",
    },
  });
  let tail = "";
  const forward = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-5000);
    for (const line of d.toString().split("\n")) if (line.trim()) log(`[server :${port}] ${line}`);
  };
  child.stdout!.on("data", forward);
  child.stderr!.on("data", forward);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // the group is gone already
    }
  };
  // A worker that dies without its teardown must not leave the server behind.
  const lastResort = () => signal("SIGKILL");
  process.once("exit", lastResort);
  const stop = async () => {
    process.off("exit", lastResort);
    if (child.exitCode !== null || child.signalCode !== null) return;
    signal("SIGTERM");
    const late = setTimeout(() => signal("SIGKILL"), 20_000);
    await exited;
    clearTimeout(late);
  };
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${tail}`);
    if (await fetch(`${baseURL}/sign-in`).then((r) => r.ok, () => false)) return { server: { baseURL, dataDir }, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`npm start did not answer within 5 minutes:\n${tail}`);
}

export const test = base.extend<{ adminPage: Page }, { server: E2eServer }>({
  server: [
    async ({}, use, workerInfo) => {
      const port = Number(workerInfo.project.metadata.port);
      const { server, stop } = await startServer(port, (line) => process.stdout.write(`${line}\n`));
      current = server;
      try {
        await use(server);
      } finally {
        current = undefined;
        await stop();
      }
    },
    { scope: "worker", timeout: 600_000 },
  ],
  baseURL: async ({ server }, use) => use(server.baseURL),
  adminPage: async ({ browser }, use) => {
    const page = await newSignedInPage(browser, E2E_ADMIN.email, E2E_ADMIN.password);
    await use(page);
    await page.context().close();
  },
});

export { expect, E2E_ADMIN };
