/**
 * The analytics pages with demo data and a production build:
 * - time from navigation to the charts being drawn (the page's `hongyan:charts-drawn` performance mark, which
 *   fires once every panel has painted its data), median of several loads per page; goal under 1 s;
 * - first-load JavaScript of each analytics route, gzipped, from the `next build` output in `.next` (the route's
 *   client entry files plus the shared runtime); goal under 300 kB.
 * DASHBOARD_BENCH_LOADS (default 7) sets the loads per page; DASHBOARD_BENCH_PORT (default 4620) the server port.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { chromium } from "@playwright/test";
import { buildIfNeeded } from "../build-if-needed";
import { CHROMIUM_PATH } from "../../e2e/env";

const PAGES = ["overview", "funnel", "realtime"] as const;
const LOADS = Number(process.env.DASHBOARD_BENCH_LOADS ?? 7);
const PORT = Number(process.env.DASHBOARD_BENCH_PORT ?? 4620);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: "bench-admin@example.com", password: "bench-admin-password" };
const GOAL_MS = 1000;
const GOAL_KB = 300;
const MARK = "hongyan:charts-drawn";

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Gzipped size of the JavaScript a first visit to the route downloads (shared runtime + the route's entries). */
export function firstLoadJs(route: string, nextDir = ".next"): { files: number; gzipBytes: number } {
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const manifestFile = path.join(nextDir, "server", "app", ...route.split("/").filter(Boolean), "page_client-reference-manifest.js");
  const source = fs.readFileSync(manifestFile, "utf8");
  // `globalThis.__RSC_MANIFEST["/(app)/analytics/overview/page"] = {...};`
  const json = source.slice(source.indexOf("= {", source.indexOf("__RSC_MANIFEST[")) + 2).trim().replace(/;$/, "");
  const manifest = JSON.parse(json) as { entryJSFiles?: Record<string, string[]> };
  // The page's entry lists the chunks of its layouts too.
  const entry = manifest.entryJSFiles?.[`[project]/app${route}/page`];
  if (!entry) throw new Error(`no client entry for ${route} in ${manifestFile}`);
  const files = new Set<string>([...(build.rootMainFiles ?? []), ...entry]);
  let gzipBytes = 0;
  for (const f of files) {
    const file = path.join(nextDir, f.replace(/^\/?(_next\/)?/, ""));
    if (f.endsWith(".js") && fs.existsSync(file)) gzipBytes += zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  }
  return { files: files.size, gzipBytes };
}

async function waitForServer(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** An activity with figures: the demo's when `npm start` seeded it, otherwise one recorded here over the emulator's API. */
async function benchActivity(dataDir: string): Promise<string> {
  const secret = fs.readFileSync(path.join(dataDir, "emulator-secret"), "utf8").trim();
  const post = async (p: string, body: unknown, token?: string) =>
    (await (await fetch(`${BASE}/emulator${p}${token ? `?access_token=${token}` : ""}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
  const token = String((await post("/cgi-bin/stable_token", { grant_type: "client_credential", appid: "wxemulator0000000", secret, force_refresh: false })).access_token);
  const now = Math.floor(Date.now() / 1000);
  const demo = await post("/tcb/getstatistics", { action: "smsMarketingOverviewData", begin_date: now - 14 * 86400, end_date: now, page_offset: 0, page_limit: 10, condition: { env_id: "emulator-env", activity_id: "demo-double11", by_channel_id: "0" } }, token);
  if (demo.errcode === 0) return "demo-double11";
  const id = "bench-activity";
  await post("/tcb/cloudbasereport", { report_action: "sendSmsTask", env_id: "emulator-env", activity_id: id, task_id: "bench-task", phone_count: "5000" }, token);
  for (let i = 0; i < 300; i++) {
    const channel = ["_cms_sms_", "_cms_sms_", "wecom", "-"][i % 4];
    await post("/tcb/cloudbasereport", { report_action: "openH5", env_id: "emulator-env", activity_id: id, channel_id: channel, session_id: `bench-${i}` }, token);
  }
  return id;
}

export default async function run(): Promise<void> {
  console.log("Building (skipped when the sources have not changed)…");
  buildIfNeeded((m) => console.log(m));

  console.log("\nFirst-load JavaScript per route (gzipped):");
  for (const p of PAGES) {
    const { files, gzipBytes } = firstLoadJs(`/(app)/analytics/${p}`);
    const kb = gzipBytes / 1024;
    console.log(`  /analytics/${p.padEnd(9)} ${kb.toFixed(1).padStart(6)} kB in ${files} files   goal < ${GOAL_KB} kB: ${kb < GOAL_KB ? "met" : "MISSED"}`);
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-bench-dashboard-"));
  const server = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), path.join("scripts", "start.ts")], {
    env: { ...process.env, PORT: String(PORT), HONGYAN_DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, HONGYAN_WORKER: "off", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // The browser the end-to-end tests use, installed the same way when missing.
  execFileSync("bash", [path.join("scripts", "ensure-chromium.sh")], { stdio: "inherit" });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync", "--no-first-run"] });
  try {
    await waitForServer(`${BASE}/sign-in`, 600_000);
    const activityId = await benchActivity(dataDir);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();
    await page.goto(`${BASE}/sign-in`);
    await page.locator("#email").fill(ADMIN.email);
    await page.locator("#password").fill(ADMIN.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL("**/analytics/overview**");

    console.log(`\nNavigation to charts drawn (activity ${activityId}, median of ${LOADS} loads after one warm-up):`);
    for (const p of PAGES) {
      const url = `${BASE}/analytics/${p}?activity=${activityId}&range=last7`;
      const times: number[] = [];
      for (let i = 0; i <= LOADS; i++) {
        await page.goto(url);
        await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, { timeout: 30_000 });
        const ms = await page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, MARK);
        if (i > 0) times.push(ms);
      }
      const m = median(times);
      console.log(
        `  /analytics/${p.padEnd(9)} median ${m.toFixed(0).padStart(5)} ms  (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})   goal < ${GOAL_MS} ms: ${m < GOAL_MS ? "met" : "MISSED"}`,
      );
    }
    await context.close();
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
