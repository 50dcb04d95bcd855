import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_PATH } from "./e2e/env";

export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-quic", "--no-first-run",
];

export default defineConfig({
  testDir: "e2e",
  outputDir: ".tmp/test-results",
  // The production build, once, before any worker starts a server on it (e2e.sh has usually made it already).
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  // Two workers, each with its own server (e2e/fixtures.ts): most of a spec's time is spent waiting on real time
  // (sends, A/B waits, pollers, WeChat's figures arriving), so two run side by side on two cores. A spec file stays
  // in one worker, in order.
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    // baseURL: each worker's own server (e2e/fixtures.ts).
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
});
