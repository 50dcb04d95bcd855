import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_PORT } from "./e2e/env";

// Every run gets a fresh folder for its servers' data folders, so each server starts from an empty database (set
// once in the main process; the workers inherit it).
process.env.HONGYAN_E2E_DATA ??= fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-e2e-"));

/**
 * The specs run in two lanes at once, each with its own server (`npm start` on its own port and fresh data folder,
 * started by e2e/fixtures.ts), one spec file at a time in name order, so one lane's emulator faults, settings and
 * jobs never reach the other. Much of a run is waiting on real time (the A/B test's automatic pick, the whole-app
 * restarts, progress and chart polling), which one lane spends while the other works. Lane 1 holds the long specs
 * (about 5 of the 11 minutes one lane took for all of them); new specs go to lane 2.
 */
const LANE_1 = /\/(abtests|analytics|history|lifecycle)\.spec\.ts$/;
const lane = (n: 1 | 2) => ({
  name: `chromium-${n}`,
  use: { ...devices["Desktop Chrome"], channel: undefined },
  metadata: { port: E2E_PORT + (n - 1) * 500 },
  workers: 1,
  ...(n === 1 ? { testMatch: LANE_1 } : { testIgnore: LANE_1 }),
});

export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-quic", "--no-first-run",
];

export default defineConfig({
  testDir: "e2e",
  outputDir: ".tmp/test-results",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
  },
  // baseURL: the lane's server (e2e/fixtures.ts).
  projects: [lane(1), lane(2)],
});
