import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_PATH, E2E_ADMIN, E2E_LANDING_ORIGIN, E2E_PORT } from "./e2e/env";

// Every run gets a fresh data folder, so the server starts from an empty database (set once in the
// main process; the workers inherit it). The main process removes it when it exits, passed or failed: by then
// Playwright has stopped the web server, and the web server its PostgreSQL. A folder given by the caller stays.
if (!process.env.HONGYAN_E2E_DATA) {
  const dataFolder = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-e2e-"));
  process.env.HONGYAN_E2E_DATA = dataFolder;
  process.once("exit", () => fs.rmSync(dataFolder, { recursive: true, force: true }));
}

export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-quic", "--no-first-run",
];

export default defineConfig({
  testDir: "e2e",
  outputDir: ".tmp/test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: "npx tsx scripts/start.ts",
    url: `http://127.0.0.1:${E2E_PORT}/sign-in`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(E2E_PORT),
      HONGYAN_DATA_DIR: process.env.HONGYAN_E2E_DATA,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      LOG_LEVEL: "warn",
      LANDING_ORIGINS: E2E_LANDING_ORIGIN,
      // A/B tests pick their winner 45 s after the variants go out, not hours (never shown in the UI).
      ABTEST_MIN_WAIT_SECONDS: "45",
    },
  },
});
