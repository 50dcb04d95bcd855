import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoUsers } from "@/lib/emulator/opendata";
import { E2E_PORT } from "./env";
import { spawnStart } from "./fixtures";

/**
 * The whole app as a newcomer runs it: this spec starts its own `npm start` (scripts/start.ts: embedded
 * PostgreSQL, web server, worker) on a fresh data folder and its own port, stops it all and starts it again.
 */

const PORT = Number(process.env.E2E_LIFECYCLE_PORT ?? E2E_PORT + 1000);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: "lifecycle-admin@example.com", password: "lifecycle-admin-password" };
const EMULATOR_SECRET = "lifecycle-emulator-secret";
// Made when the tests start (not when the file loads: Playwright's main process loads it too, to list the tests,
// and nothing there would remove it), removed after them.
let dataDir = "";

let app: ChildProcess | undefined;
let output = "";

async function startApp(): Promise<void> {
  const child = spawnStart(PORT, dataDir, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, EMULATOR_SECRET });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  app = child;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output.slice(-3000)}`);
    const ok = await fetch(`${BASE}/sign-in`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`npm start did not answer within 10 minutes:\n${output.slice(-3000)}`);
}

/** Ctrl-C: the web server, the worker and the embedded PostgreSQL all stop. */
async function stopApp(): Promise<void> {
  const child = app;
  app = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

async function signedIn(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.locator("#email").fill(ADMIN.email);
  await page.locator("#password").fill(ADMIN.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL("**/analytics/overview**");
  return page;
}

function faults(body: object) {
  return fetch(`${BASE}/emulator/_control/faults`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-emulator-secret": EMULATOR_SECRET },
    body: JSON.stringify(body),
  });
}

interface JobView {
  state: string;
  total: number;
  processed: number;
  resolved: number;
  unresolved: number;
  audienceId: string | null;
  report: { members: number } | null;
}

async function job(page: Page, id: string): Promise<JobView> {
  const res = await page.request.get(`/api/audience-sources/jobs/${id}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { job: JobView }).job;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-e2e-lifecycle-"));
});

test.afterAll(async () => {
  await stopApp();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a first run is alive: the real-time page opens on an open activity with visitors in the last hour", async ({ browser }) => {
  test.setTimeout(900_000);
  await startApp();
  const page = await signedIn(browser);
  await page.goto("/analytics/realtime?hours=1");
  await page.waitForURL(/activity=/);
  const activityId = new URL(page.url()).searchParams.get("activity");
  // The demo's ended activity is never the default.
  expect(activityId).not.toBe("demo-memberday");
  const summary = page.getByTestId("realtime-summary");
  await expect(summary).toBeVisible({ timeout: 90_000 }); // the first render of a fresh build is slow on a busy machine
  expect(Number(await summary.getAttribute("data-h5"))).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(".tmp", "screenshots", "lifecycle", "first-run-realtime.png"), fullPage: true });
  await page.context().close();
});

test("a cloudID job survives a stop of the whole app (web, worker, PostgreSQL) and finishes complete", async ({ browser }) => {
  test.setTimeout(900_000);
  if (!app) await startApp();
  let page = await signedIn(browser);
  // Slow WeChat down so the job is still running when everything stops: 2,000 cloudIDs, 20 calls of 2 s.
  expect((await faults({ latencyMs: 2000 })).status).toBe(200);
  const ids = demoUsers(0, 2000).map((u) => u.cloudId);
  const started = await page.request.post("/api/audience-sources/cloudids", { data: { audienceName: "重启后完成 Survives a restart", text: ids.join("\n") } });
  expect(started.status()).toBe(200);
  const { jobId } = (await started.json()) as { jobId: string };
  await expect.poll(async () => (await job(page, jobId)).processed, { timeout: 60_000 }).toBeGreaterThan(0);
  const before = await job(page, jobId);
  expect(before.state).toBe("running");
  expect(before.processed).toBeLessThan(ids.length);
  await page.context().close();

  await stopApp();
  // PostgreSQL is gone too: a clean shutdown removes its pid file.
  await expect.poll(() => fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid")), { timeout: 60_000 }).toBe(false);
  expect(output).toContain("Stopping…");

  await startApp();
  expect((await faults({ latencyMs: 0 })).status).toBe(200);
  page = await signedIn(browser);
  await expect.poll(async () => (await job(page, jobId)).state, { timeout: 180_000, intervals: [1000] }).toBe("done");
  const done = await job(page, jobId);
  // Complete: every cloudID accounted for, and the audience holds every resolved number.
  expect(done.processed).toBe(ids.length);
  expect(done.resolved + done.unresolved).toBe(ids.length);
  expect(done.resolved).toBe(ids.length);
  expect(done.report?.members).toBe(done.resolved);
  await page.goto(`/audiences/from-mini-program/jobs/${jobId}`);
  await expect(page.getByTestId("job")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("job-members")).toHaveText(ids.length.toLocaleString("en-US"));
  await page.context().close();
});
