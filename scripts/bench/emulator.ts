/**
 * The emulator under load, on its own embedded PostgreSQL and HTTP server:
 *  - getStatistics (overview by channel 0 and 1 over 14 days; real-time over the last 12 hours) for one activity
 *    with 1,000,000 recorded H5 opens — p50 / p95; goal p95 ≤ 200 ms;
 *  - recording openH5 under 50 concurrent clients — requests per second and p50 / p95; goal p95 ≤ 20 ms.
 * EMULATOR_BENCH_OPENS lowers the number of recorded opens for a quick look.
 */
import { Worker } from "node:worker_threads";
import { createDb } from "@/lib/db";
import { startScratchDatabase } from "@/lib/db/scratch";
import { createEmulatorHandler } from "@/lib/emulator";
import { ActivityKeys, H5, insertVisits, visitorHash, WXAPP, type Visit } from "@/lib/emulator/events";
import { serveHandler } from "@/lib/emulator/node-server";
import { percentile } from "../bench-rows";

const OPENS = Number(process.env.EMULATOR_BENCH_OPENS ?? 1_000_000);
const CHANNELS = ["_cms_sms_", "wecom", "poster", "qq", "-"];
const ENV = "bench-env";
const ACTIVITY = "bench-activity";
const APPID = "wxbench000000000";
const SECRET = "bench-secret";

function summary(ms: number[]): string {
  return `p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms`;
}

export default async function run(): Promise<void> {
  const scratch = await startScratchDatabase({ purpose: "bench-emulator" });
  try {
    const db = createDb(scratch.url, 10);
    const now = Date.now();

    // 1,000,000 H5 opens over 14 days on 5 channels (some sessions come back), 40% of sessions also jump.
    const loadStarted = performance.now();
    const key = await new ActivityKeys(db).ensure(ENV, ACTIVITY);
    const chunk = 50_000;
    for (let from = 0; from < OPENS; from += chunk) {
      const visits: Visit[] = [];
      for (let i = from; i < Math.min(OPENS, from + chunk); i++) {
        const session = `s${i % Math.floor(OPENS * 0.85)}`;
        const at = new Date(now - ((i * 2654435761) % (14 * 86400_000)));
        const channelId = CHANNELS[i % CHANNELS.length];
        visits.push({ activityKey: key, kind: H5, channelId, visitor: visitorHash(session), at });
        if (i % 5 < 2) visits.push({ activityKey: key, kind: WXAPP, channelId, visitor: visitorHash(`o${session}`), at: new Date(at.getTime() + 60_000) });
      }
      await insertVisits(db, visits);
    }
    await db.$client.query("vacuum analyze");
    console.log(`emulator: recorded ${OPENS.toLocaleString("en")} H5 opens (+40% mini-program opens) in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    const server = await serveHandler(createEmulatorHandler({ db, appId: APPID, secret: SECRET, envId: ENV }));
    try {
      const tokenRes = await fetch(`${server.url}/cgi-bin/stable_token`, {
        method: "POST",
        body: JSON.stringify({ grant_type: "client_credential", appid: APPID, secret: SECRET }),
      });
      const { access_token: token } = (await tokenRes.json()) as { access_token: string };
      const post = async (p: string, body: unknown) => {
        const res = await fetch(`${server.url}${p}?access_token=${token}`, { method: "POST", body: JSON.stringify(body) });
        const json = (await res.json()) as { errcode: number };
        if (json.errcode !== 0) throw new Error(`${p}: ${JSON.stringify(json).slice(0, 200)}`);
        return json;
      };
      const nowS = Math.floor(now / 1000);
      const queries: [string, unknown][] = [
        ["overview by_channel_id 0, 14 days", { action: "smsMarketingOverviewData", begin_date: nowS - 15 * 86400, end_date: nowS + 60, page_offset: 0, page_limit: 1000, condition: { env_id: ENV, activity_id: ACTIVITY, by_channel_id: "0" } }],
        ["overview by_channel_id 1, 14 days", { action: "smsMarketingOverviewData", begin_date: nowS - 15 * 86400, end_date: nowS + 60, page_offset: 0, page_limit: 1000, condition: { env_id: ENV, activity_id: ACTIVITY, by_channel_id: "1" } }],
        ["real-time h5, last 12 hours", { action: "smsMarketingRealTimeData", begin_date: nowS - 12 * 3600, end_date: nowS + 60, condition: { env_id: ENV, activity_id: ACTIVITY, channel_id: "_cms_sms_", act_type: "h5" } }],
        ["real-time h5, 14 days", { action: "smsMarketingRealTimeData", begin_date: nowS - 15 * 86400, end_date: nowS + 60, condition: { env_id: ENV, activity_id: ACTIVITY, channel_id: "_cms_sms_", act_type: "h5" } }],
      ];
      for (const [name, body] of queries) {
        for (let i = 0; i < 10; i++) await post("/tcb/getstatistics", body);
        const times: number[] = [];
        for (let i = 0; i < 200; i++) {
          const t = performance.now();
          await post("/tcb/getstatistics", body);
          times.push(performance.now() - t);
        }
        console.log(`emulator: getStatistics ${name}: ${summary(times)} (200 calls)`);
      }

      // openH5 under 50 concurrent clients, each with fresh sessions. The clients run in a worker thread with
      // keep-alive connections, so that the load generator does not share the server's event loop.
      const result = await loadFromWorker(server.url, token, 50, 300);
      console.log(`emulator: openH5 recording, 50 concurrent clients: ${Math.round(result.rps)} requests/s, ${summary(result.times)} (${result.times.length} calls)`);
    } finally {
      await server.close();
      await db.$client.end();
    }
  } finally {
    await scratch.stop();
  }
}

/** The load generator: plain node:http with keep-alive in a worker thread; answers must be errcode 0. */
const LOAD_WORKER = `
const http = require("node:http");
const crypto = require("node:crypto");
const { parentPort, workerData } = require("node:worker_threads");
const { url, token, clients, perClient, env, activity, channels } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const target = new URL(url + "/tcb/cloudbasereport?access_token=" + token);
function report() {
  const body = JSON.stringify({ report_action: "openH5", env_id: env, activity_id: activity,
    channel_id: channels[crypto.randomInt(channels.length)], session_id: crypto.randomUUID() });
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => (JSON.parse(text).errcode === 0 ? resolve() : reject(new Error(text))));
    });
    req.on("error", reject);
    req.end(body);
  });
}
async function client(times, n) {
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await report();
    times.push(performance.now() - t);
  }
}
(async () => {
  await Promise.all(Array.from({ length: clients }, () => client([], 20)));
  const times = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, () => client(times, perClient)));
  const seconds = (performance.now() - started) / 1000;
  parentPort.postMessage({ times, rps: times.length / seconds });
})().catch((e) => { throw e; });
`;

function loadFromWorker(url: string, token: string, clients: number, perClient: number): Promise<{ times: number[]; rps: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { url, token, clients, perClient, env: ENV, activity: ACTIVITY, channels: CHANNELS } });
    worker.once("message", (m) => {
      resolve(m as { times: number[]; rps: number });
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}
