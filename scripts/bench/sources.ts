/**
 * An audience from 100,000 cloudIDs (5,000 demo users who resolve, the rest unknown) through the emulator over
 * HTTP, as the app runs it: getOpenData in batches of 100, 4 calls in flight, then the audiences pipeline.
 * Prints the time, calls per second and peak memory. SOURCES_BENCH_IDS changes the number of cloudIDs.
 */
import { createSourceJob, getSourceJob, runSourceJob } from "@/lib/audiences/sources";
import { createDb } from "@/lib/db";
import { startScratchDatabase } from "@/lib/db/scratch";
import { createEmulatorHandler } from "@/lib/emulator";
import { demoUsers } from "@/lib/emulator/opendata";
import { serveHandler } from "@/lib/emulator/node-server";
import { createWechatClient } from "@/lib/wechat";

const IDS = Number(process.env.SOURCES_BENCH_IDS ?? 100_000);
const APPID = "wxbench000000000";
const SECRET = "bench-secret";
const ENV = "bench-env";

export default async function run(): Promise<void> {
  const scratch = await startScratchDatabase({ purpose: "bench-sources" });
  try {
    const db = createDb(scratch.url, 10);
    const server = await serveHandler(createEmulatorHandler({ db, appId: APPID, secret: SECRET, envId: ENV, basePath: "/emulator" }));
    const wechat = createWechatClient({ apiBase: `${server.url}/emulator`, appId: APPID, secret: SECRET, envId: ENV });

    const known = demoUsers().map((u) => u.cloudId);
    const ids = Array.from({ length: IDS }, (_, i) => (i < known.length ? known[i] : `9_unknown_${i.toString(16).padStart(40, "0")}`));
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const jobId = await createSourceJob(db, { sourceKind: "cloudid", audienceName: "bench", label: null, createdBy: null, total: ids.length });
    await runSourceJob(db, wechat, jobId, { kind: "cloudids", ids });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const job = (await getSourceJob(db, jobId))!;
    const calls = Math.ceil(ids.length / 100);
    console.log(`${ids.length.toLocaleString("en")} cloudIDs → ${job.resolved.toLocaleString("en")} resolved, ${job.unresolved.toLocaleString("en")} unresolved (${job.state})`);
    console.log(`time ${seconds.toFixed(1)} s, ${(calls / seconds).toFixed(0)} getOpenData calls/s (${calls} calls of 100, 4 in flight), peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`);
    await server.close();
    await db.$client.end();
  } finally {
    await scratch.stop();
  }
}
