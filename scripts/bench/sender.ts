import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSendTask } from "@/lib/campaigns/create-task";
import { smsApiFromWechat } from "@/lib/campaigns/wechat-sms-api";
import { runWorker } from "@/lib/campaigns/worker";
import { createDb } from "@/lib/db";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { spawn, type ChildProcess } from "node:child_process";
import { createWechatClient } from "@/lib/wechat";

const NUMBERS = Number(process.env.BENCH_SENDER_NUMBERS ?? 1_000_000);
const LATENCY_MS = 200;
const IN_FLIGHT = 4;
const IDEAL_BATCHES_PER_S = (1000 / LATENCY_MS) * IN_FLIGHT;

/**
 * Sends 1,000,000 numbers (1,000 batches) through the emulator's sendsms over HTTP with 200 ms added to every call
 * and 4 batches in flight, on its own embedded PostgreSQL, and compares with the ideal 20 batches/s.
 */
export default async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-bench-sender-"));
  fs.chmodSync(dir, 0o755);
  const cluster = await startEmbeddedPostgres(path.join(dir, "pg"));
  const emu = { appId: "wxbench0000000000", secret: "bench-secret", envId: "bench-env" };
  let child: ChildProcess | undefined;
  try {
    await ensureDatabase(cluster.url("postgres"), "bench");
    const db = createDb(cluster.url("bench"), 8);
    await applyMigrations(db);
    // The emulator runs in its own process, as it does in the web server in production.
    child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "bench-sender-emulator.ts")], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, LOG_LEVEL: "silent", BENCH_DATABASE_URL: cluster.url("bench"), BENCH_APPID: emu.appId, BENCH_SECRET: emu.secret, BENCH_ENV_ID: emu.envId },
    });
    const serverUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      child!.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child!.once("exit", (code) => reject(new Error(`the emulator process exited (${code})`)));
    });
    const control = (path: string, body: unknown) =>
      fetch(`${serverUrl}/emulator/_control/${path}`, { method: "POST", headers: { "content-type": "application/json", "x-emulator-secret": emu.secret }, body: JSON.stringify(body) });
    await control("faults", { latencyMs: LATENCY_MS });
    await control("simulation", { enabled: false, failureRate: 0.02 });

    const audienceId = crypto.randomUUID();
    await db.$client.query(
      "insert into audience_members (audience_id, phone, source) select $1, '+86' || (13000000000 + g)::text, 'bench' from generate_series(0, $2 - 1) g",
      [audienceId, NUMBERS],
    );
    await db.$client.query("insert into suppressions (phone) select '+86' || (13000000000 + g * 997)::text from generate_series(0, 999) g");
    let started = performance.now();
    const task = await createSendTask(db, {
      name: "bench", activityId: "bench", smsType: "Notification", templateId: "1", templateParams: [], useShortName: false,
      previewText: "", createdBy: null, source: { kind: "audience", audienceId },
    });
    const createSeconds = (performance.now() - started) / 1000;

    const api = smsApiFromWechat(createWechatClient({ apiBase: `${serverUrl}/emulator`, ...emu, timeoutMs: 30_000 }));
    const ac = new AbortController();
    started = performance.now();
    const worker = runWorker({ signal: ac.signal, database: db, api, concurrency: IN_FLIGHT, pollMs: 250, log: { info() {}, warn() {}, error: console.error } });
    for (;;) {
      const r = await db.$client.query("select finished_at from send_tasks where id = $1", [task.taskId]);
      if (r.rows[0].finished_at) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    ac.abort();
    await worker;

    const counts = await db.$client.query("select status, count(*)::int as n from send_recipients where task_id = $1 group by status order by status", [task.taskId]);
    const batchesPerS = task.batchCount / seconds;
    const emulated = await db.$client.query("select count(*)::int as sends, count(distinct phone_number)::int as numbers from emu_sms");
    const duplicates = emulated.rows[0].sends - emulated.rows[0].numbers;
    console.log(`sender: ${NUMBERS.toLocaleString("en")} numbers through the emulator's sendsms over HTTP, ${LATENCY_MS} ms added latency, ${IN_FLIGHT} batches in flight`);
    console.log(`  task created (INSERT … SELECT, opt-out filtered) in ${createSeconds.toFixed(2)} s: ${task.totalCount} numbers, ${task.batchCount} batches, ${task.suppressed} opted out`);
    console.log(`  sent in ${seconds.toFixed(1)} s: ${batchesPerS.toFixed(2)} batches/s, ratio to the ideal ${IDEAL_BATCHES_PER_S} batches/s: ${(batchesPerS / IDEAL_BATCHES_PER_S).toFixed(2)}`);
    console.log(`  ledger: ${counts.rows.map((r) => `${r.status} ${r.n}`).join(", ")}; emulator recorded ${emulated.rows[0].sends} sends; numbers sent twice: ${duplicates}`);
    await db.$client.end();
  } finally {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child!.once("exit", r));
    }
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
