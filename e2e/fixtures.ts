import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { E2E_ADMIN, E2E_LANDING_ORIGIN, E2E_PORT } from "./env";

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

/** This worker's e2e server: where it answers and its data folder. */
export interface E2eServer {
  baseURL: string;
  port: number;
  dataDir: string;
}

/**
 * Exactly what `npm start` runs (package.json), without npm or the tsx CLI in between (the CLI SIGKILLs its child when
 * a signal is not confirmed within 30 ms), on `port` with its data in `dataDir`; output piped.
 */
export function spawnStart(port: number, dataDir: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join("scripts", "start.ts")], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: String(port), HONGYAN_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
  });
}

/**
 * `npm start` (scripts/start.ts: embedded PostgreSQL, web server, worker) on a fresh data folder, for one Playwright
 * worker. Each worker has its own server, so workers run side by side: a spec's emulator faults, SMS settings and
 * sends never reach another worker's tests. Stopped (web server, worker, then PostgreSQL) and its folder removed when
 * the worker ends, passed or failed.
 */
async function startServer(workerIndex: number): Promise<{ server: E2eServer; stop: () => Promise<void> }> {
  // The first worker on E2E_PORT; later ones 2000 apart (lifecycle.spec takes E2E_PORT + 1000), so sessions with
  // their own E2E_PORT never meet. A replaced worker gets the next port: the one it replaces may still be stopping.
  const port = E2E_PORT + 2000 * (workerIndex % 16);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-e2e-"));
  const baseURL = `http://127.0.0.1:${port}`;
  const child = spawnStart(port, dataDir, {
    ADMIN_EMAIL: E2E_ADMIN.email,
    ADMIN_PASSWORD: E2E_ADMIN.password,
    LANDING_ORIGINS: E2E_LANDING_ORIGIN,
    // A/B tests pick their winner 45 s after the variants go out, not hours (never shown in the UI).
    ABTEST_MIN_WAIT_SECONDS: "45",
  });
  let output = "";
  const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output = (output + text).slice(-8000);
    stream.write(text.replace(/^(?=.)/gm, `[server ${workerIndex}] `));
  };
  child.stdout!.on("data", forward(process.stdout));
  child.stderr!.on("data", forward(process.stderr));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      if (await fetch(`${baseURL}/sign-in`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { server: { baseURL, port, dataDir }, stop };
}

let workerServer: E2eServer | undefined;

/** This worker's e2e server, for helpers that run outside a fixture (started before the first test of the worker). */
export function e2eServer(): E2eServer {
  if (!workerServer) throw new Error("The e2e server is not started: use `test` from e2e/fixtures.ts.");
  return workerServer;
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

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/** A user made by the admin, signed in once per worker. */
export interface UserSession {
  email: string;
  password: string;
  state: StorageState;
}

async function userSession(browser: Browser, server: E2eServer, adminSession: StorageState, role: Role): Promise<UserSession> {
  const admin = await browser.newContext({ baseURL: server.baseURL, storageState: adminSession });
  const user = await createUser(await admin.newPage(), role);
  await admin.close();
  const context = await browser.newContext({ baseURL: server.baseURL });
  await signInAndWait(await context.newPage(), user.email, user.password);
  const state = await context.storageState();
  await context.close();
  return { ...user, state };
}

async function pageOf(browser: Browser, state: StorageState, use: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ storageState: state });
  await use(await context.newPage());
  await context.close();
}

export const test = base.extend<
  { adminPage: Page; analystPage: Page; marketerPage: Page },
  { server: E2eServer; adminSession: StorageState; analystSession: UserSession; marketerSession: UserSession }
>({
  server: [
    async ({}, use, workerInfo) => {
      const { server, stop } = await startServer(workerInfo.workerIndex);
      workerServer = server;
      // Also where specs written against the single server of earlier runs look for its folder.
      process.env.HONGYAN_E2E_DATA = server.dataDir;
      try {
        await use(server);
      } finally {
        workerServer = undefined;
        await stop();
      }
    },
    // Every test needs it, even one that only sends requests; a first start (PostgreSQL's initdb, the demo data)
    // takes a while on a busy machine.
    { scope: "worker", auto: true, timeout: 600_000 },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.baseURL);
  },
  // The admin signs in once per worker; each test's adminPage is a fresh browser context holding that session's
  // cookies, on a blank page (a sign-in with its overview render cost about 3 s a test). Tests that sign in or out
  // themselves do so in their own context, so this session stays open.
  adminSession: [
    async ({ browser, server }, use) => {
      const context = await browser.newContext({ baseURL: server.baseURL });
      const page = await context.newPage();
      await signInAndWait(page, E2E_ADMIN.email, E2E_ADMIN.password);
      const state = await context.storageState();
      await context.close();
      await use(state);
    },
    { scope: "worker" },
  ],
  adminPage: async ({ browser, adminSession }, use) => {
    await pageOf(browser, adminSession, use);
  },
  // Likewise one analyst and one marketer per worker, made by the admin on the Users page and signed in once (a
  // user made and signed in cost 4–6 s a test). Tests that sign in, or change the user (deactivate it), make their own.
  analystSession: [async ({ browser, server, adminSession }, use) => use(await userSession(browser, server, adminSession, "analyst")), { scope: "worker" }],
  marketerSession: [async ({ browser, server, adminSession }, use) => use(await userSession(browser, server, adminSession, "marketer")), { scope: "worker" }],
  analystPage: async ({ browser, analystSession }, use) => {
    await pageOf(browser, analystSession.state, use);
  },
  marketerPage: async ({ browser, marketerSession }, use) => {
    await pageOf(browser, marketerSession.state, use);
  },
});

export { expect, E2E_ADMIN };
