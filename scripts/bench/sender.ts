import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { claimNextBatch, recordAnswer } from "@/lib/campaigns/claim";
import { createSendTask, type CreatedSendTask } from "@/lib/campaigns/create-task";
import { createDb, type Db } from "@/lib/db";
import { startScratchDatabase } from "@/lib/db/scratch";
import { atMost, cpuMs, goalRow, percentile, shareOf } from "../bench-rows";

const NUMBERS = Number(process.env.BENCH_SENDER_NUMBERS ?? 1_000_000);
const LATENCY_MS = 200;
const IN_FLIGHT = 4;
const WORKERS = 3;
const IDEAL_BATCHES_PER_S = (1000 / LATENCY_MS) * IN_FLIGHT;
const POLL_MS = 250;

/**
 * The sender against a fake WeChat in its own process that answers `sendsms` after 200 ms and does nothing else
 * (scripts/bench-fake-wechat.ts), so the figures are the sender's: 1,000,000 numbers with 4 batches in flight
 * in one worker, then in three; the claim time at the start, middle and end of the task; and the same send
 * through the emulator (which records every number in the same PostgreSQL) for comparison. Workers are real
 * `npm run worker` processes; their per-batch log lines carry the claim, send and record times, and how long each
 * batch's slot stood idle before it went out. Each run starts after a checkpoint, so that none pays for the one before.
 */
export default async function run(): Promise<void> {
  const scratch = await startScratchDatabase({ purpose: "bench-sender" });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-bench-sender-data-"));
  const children: ChildProcess[] = [];
  try {
    const db = createDb(scratch.url, 4);
    const audienceId = crypto.randomUUID();
    await db.$client.query(
      "insert into audience_members (audience_id, phone, source) select $1, '+86' || (13000000000 + g)::text, 'bench' from generate_series(0, $2 - 1) g",
      [audienceId, NUMBERS],
    );
    await db.$client.query("insert into suppressions (phone) select '+86' || (13000000000 + g * 997)::text from generate_series(0, 999) g");
    console.log(`sender: ${NUMBERS.toLocaleString("en")} numbers, ${LATENCY_MS} ms WeChat latency, ${IN_FLIGHT} batches in flight per worker`);

    const anchor = await insertSelectAnchor(db, audienceId);
    const postgresPid = Number(fs.readFileSync(path.join(scratch.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const newTask = () => timed(() => createTask(db, audienceId));

    const fake = await startServer(children, "scripts/bench-fake-wechat.ts", { FAKE_WECHAT_LATENCY_MS: String(LATENCY_MS) });
    const fakePid = children.at(-1)!.pid!;
    const fakeStats = async () => (await (await fetch(`${fake}/_stats`, { method: "POST" })).json()) as { numbers: number; twice: number };
    const fakeEnv = { WECHAT_APPID: "wxbench0000000000", WECHAT_SECRET: "unused", WECHAT_ACCESS_TOKEN: "bench-token", WECHAT_API_BASE: fake, WECHAT_ENV_ID: "bench-env" };

    // One worker against the fake.
    await fakeStats();
    const one = await sendWith(db, children, dataDir, 1, fakeEnv, newTask, { postgres: postgresPid, wechat: fakePid });
    const oneSent = await fakeStats();
    goalRow(
      "task creation for 1,000,000 numbers (opt-outs filtered, batches made)",
      `${one.createSeconds.toFixed(2)} s for ${one.task.totalCount.toLocaleString("en")} numbers in ${one.task.batchCount} batches, ${one.task.suppressed} opted out (anchor: INSERT … SELECT of the same rows ${anchor.toFixed(2)} s, ${(one.createSeconds / anchor).toFixed(2)} × it)`,
      atMost(one.createSeconds, 3.0, "s"),
    );
    goalRow(
      `sending, ${LATENCY_MS} ms latency, ${IN_FLIGHT} in flight, fake WeChat`,
      `${one.batchesPerS.toFixed(2)} batches/s (${one.seconds.toFixed(1)} s); ${one.breakdown}; numbers sent twice ${oneSent.twice}`,
      shareOf(one.batchesPerS, IDEAL_BATCHES_PER_S, 0.9, "batches/s"),
    );

    // Three workers on the same PostgreSQL.
    const three = await sendWith(db, children, dataDir, WORKERS, fakeEnv, newTask, { postgres: postgresPid, wechat: fakePid });
    const threeSent = await fakeStats();
    goalRow(
      `the same, ${WORKERS} worker processes`,
      `${three.batchesPerS.toFixed(2)} batches/s (${three.seconds.toFixed(1)} s); ${three.breakdown}; WeChat got ${threeSent.numbers.toLocaleString("en")} numbers, sent twice ${threeSent.twice}`,
      shareOf(three.batchesPerS, IDEAL_BATCHES_PER_S * WORKERS, 0.9, "batches/s"),
    );
    // The claim at depth, measured alone: this process drains a fresh 1M task batch by batch (claim, then record an
    // answer of all Ok), timing each claim. In the worker runs above a claim also waits behind the answers the same
    // process is handling; those figures are printed after it.
    const depth = await drainAlone(db, (await newTask()).value);
    const part = (xs: number[], from: number, to: number) => xs.slice(Math.floor(from * xs.length), Math.floor(to * xs.length));
    const p95 = (xs: number[]) => percentile(xs, 95);
    const atDepth = (xs: number[]) =>
      `p95 ${p95(part(xs, 0, 0.1)).toFixed(1)} ms over the first 10% of claims, ${p95(part(xs, 0.45, 0.55)).toFixed(1)} ms in the middle, ${p95(part(xs, 0.9, 1)).toFixed(1)} ms over the last 10% (after ${Math.floor(0.9 * xs.length)} claims)`;
    goalRow(
      "claiming a batch deep into a 1M task",
      `${atDepth(depth)}; in the one-worker run, beside its sending: ${atDepth(one.claimMs)}`,
      atMost(Number(p95(part(depth, 0.9, 1)).toFixed(1)), 5, "ms"),
    );

    // The same single worker through the emulator, whose sendsms records every number in this PostgreSQL.
    const emu = { appId: "wxbench0000000000", secret: "bench-secret", envId: "bench-env" };
    const emulator = await startServer(children, "scripts/bench-sender-emulator.ts", {
      BENCH_DATABASE_URL: scratch.url, BENCH_APPID: emu.appId, BENCH_SECRET: emu.secret, BENCH_ENV_ID: emu.envId,
    });
    const control = (what: string, body: unknown) =>
      fetch(`${emulator}/emulator/_control/${what}`, { method: "POST", headers: { "content-type": "application/json", "x-emulator-secret": emu.secret }, body: JSON.stringify(body) });
    await control("faults", { latencyMs: LATENCY_MS });
    await control("simulation", { enabled: false, failureRate: 0.02 });
    const emuEnv = { WECHAT_APPID: "", WECHAT_SECRET: "", WECHAT_API_BASE: `${emulator}/emulator`, WECHAT_ENV_ID: emu.envId, EMULATOR_APPID: emu.appId, EMULATOR_SECRET: emu.secret };
    const viaEmulator = await sendWith(db, children, dataDir, 1, emuEnv, newTask, { postgres: postgresPid, wechat: children.at(-1)!.pid! });
    const emulated = await db.$client.query<{ sends: number; numbers: number }>("select count(*)::int as sends, count(distinct phone_number)::int as numbers from emu_sms");
    console.log(
      `  (for comparison) the same one worker through the emulator: ${viaEmulator.batchesPerS.toFixed(2)} batches/s = ${(viaEmulator.batchesPerS / IDEAL_BATCHES_PER_S).toFixed(2)} of the ideal ${IDEAL_BATCHES_PER_S}; ${viaEmulator.breakdown}; task created in ${viaEmulator.createSeconds.toFixed(2)} s; sent twice ${emulated.rows[0].sends - emulated.rows[0].numbers}`,
    );
    await db.$client.end();
  } finally {
    for (const child of children) await stopChild(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    await scratch.stop();
  }
}

async function timed<T>(body: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await body();
  return { value, seconds: (performance.now() - started) / 1000 };
}

function createTask(db: Db, audienceId: string): Promise<CreatedSendTask> {
  return createSendTask(db, {
    name: "bench", activityId: "bench", smsType: "Notification", templateId: "1", templateParams: [], useShortName: false,
    previewText: "", createdBy: null, source: { kind: "audience", audienceId },
  });
}

/** Claims every batch of `task` one after the other in this process and records an all-Ok answer; returns each claim's time in ms. */
async function drainAlone(db: Db, task: CreatedSendTask): Promise<number[]> {
  const claimMs: number[] = [];
  await db.$client.query("checkpoint");
  for (;;) {
    const started = performance.now();
    const claim = await claimNextBatch(db, { workerId: "bench", leaseMs: 60_000, marketingAllowed: true });
    claimMs.push(performance.now() - started);
    if (!claim) break;
    const answered = await recordAnswer(db, claim, claim.phones.map((phoneNumber, i) => ({ phoneNumber, serialNo: `bench-${claim.batchId}-${i}`, code: "Ok", message: "", isoCode: "CN" })));
    if (!answered) throw new Error(`lost the claim of batch ${claim.batchId}`);
  }
  claimMs.pop(); // the last call found nothing to claim
  if (claimMs.length !== task.batchCount) throw new Error(`claimed ${claimMs.length} of ${task.batchCount} batches`);
  return claimMs;
}

/** The floor for task creation: the same rows written by one INSERT … SELECT into the ledger, rolled back. */
async function insertSelectAnchor(db: Db, audienceId: string): Promise<number> {
  const client = await db.$client.connect();
  try {
    await client.query("begin");
    const started = performance.now();
    await client.query("insert into send_recipients (task_id, batch_id, phone) select $2::uuid, 0, phone from audience_members where audience_id = $1", [audienceId, crypto.randomUUID()]);
    const seconds = (performance.now() - started) / 1000;
    await client.query("rollback");
    return seconds;
  } finally {
    client.release();
  }
}

/** BENCH_CPU_PROF=<folder>: each child process writes a V8 CPU profile there when it exits (open it in Chrome's DevTools). */
function profiling(): string[] {
  const folder = process.env.BENCH_CPU_PROF;
  return folder ? ["--cpu-prof", "--cpu-prof-dir", folder] : [];
}

/** Runs a script of this repository in its own process until it prints `listening <url>`. */
async function startServer(children: ChildProcess[], script: string, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [...profiling(), "--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, LOG_LEVEL: "silent", ...env } });
  children.push(child);
  return new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`${script} exited (${code})`)));
  });
}

/** Children being stopped on purpose (a worker's exit is otherwise a failed run). */
const stopping = new WeakSet<ChildProcess>();

async function stopChild(child: ChildProcess): Promise<void> {
  stopping.add(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

interface BatchLine {
  batchId: number;
  /** How long the batch's slot stood idle before it went out; absent for a slot's first batch. */
  idleMs?: number;
  claimMs: number;
  sendMs: number;
  recordMs: number;
}

/** A real worker process (scripts/worker.ts) whose per-batch log lines are collected. */
function startWorker(children: ChildProcess[], databaseUrl: string, dataDir: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [...profiling(), "--import", "tsx", "scripts/worker.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env, ...env, DATABASE_URL: databaseUrl, NODE_ENV: "production", LOG_LEVEL: "info", HONGYAN_DATA_DIR: dataDir, AUTH_SECRET: "bench-auth-secret-0123456789",
      SENDER_CONCURRENCY: String(IN_FLIGHT), SENDER_POLL_MS: String(POLL_MS),
    },
  });
  children.push(child);
  const batches: BatchLine[] = [];
  let rest = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      const lines = (rest + d.toString()).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        if (line.includes("worker started")) resolve();
        if (!line.includes('"sender: batch"')) continue;
        const entry = JSON.parse(line) as BatchLine;
        batches.push({ batchId: entry.batchId, idleMs: entry.idleMs, claimMs: entry.claimMs, sendMs: entry.sendMs, recordMs: entry.recordMs });
      }
    });
    child.once("exit", (code) => reject(new Error(`a worker exited before it started (${code})`)));
  });
  // A worker that dies mid-run would leave the others to send at a fraction of the rate: the run is void.
  const died = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) => {
      if (!stopping.has(child)) reject(new Error(`a worker exited during the run (${code ?? signal})`));
    });
  });
  died.catch(() => {});
  return { child, ready, batches, died };
}

/**
 * Starts `workers` worker processes, creates a task once they are idle, and measures from its creation to its
 * last batch's answer being recorded. Stops the workers afterwards.
 */
async function sendWith(
  db: Db,
  children: ChildProcess[],
  dataDir: string,
  workers: number,
  env: Record<string, string>,
  newTask: () => Promise<{ value: CreatedSendTask; seconds: number }>,
  pids: { postgres: number; wechat: number },
) {
  // Each run starts after a checkpoint: the write-ahead log of the run before (a million numbers write about 350 MB
  // of it) would otherwise land a checkpoint, and its full-page writes, in the middle of this one.
  await db.$client.query("checkpoint");
  const started = Array.from({ length: workers }, () => startWorker(children, db.$client.options.connectionString!, dataDir, env));
  await Promise.all(started.map((w) => w.ready));
  const { value: task, seconds: createSeconds } = await newTask();
  const from = Date.now();
  // CPU used while sending: the figure that stays meaningful when other work shares the machine.
  const cpu = () => ({
    workers: started.reduce((n, w) => n + cpuMs(w.child.pid!), 0),
    postgres: cpuMs(pids.postgres, true),
    wechat: cpuMs(pids.wechat),
    wall: Date.now(),
  });
  const cpuFrom = cpu();
  for (;;) {
    const open = await db.$client.query<{ open: number }>(
      "select count(*) filter (where state in ('pending', 'in_flight'))::int as open from send_batches where task_id = $1",
      [task.taskId],
    );
    if (open.rows[0].open === 0) break;
    await Promise.race([new Promise((r) => setTimeout(r, 250)), ...started.map((w) => w.died)]);
  }
  const last = await db.$client.query<{ at: Date }>("select max(finished_at) as at from send_batches where task_id = $1", [task.taskId]);
  const seconds = (last.rows[0].at.getTime() - from) / 1000;
  const cpuTo = cpu();
  for (const w of started) await stopChild(w.child);
  const lines = started.flatMap((w) => w.batches).sort((a, b) => a.batchId - b.batchId);
  const perBatch = (ms: number) => (ms / task.batchCount).toFixed(1);
  const idle = lines.flatMap((b) => (b.idleMs === undefined ? [] : [b.idleMs]));
  const mean = (pick: (b: BatchLine) => number) => (lines.reduce((n, b) => n + pick(b), 0) / Math.max(1, lines.length)).toFixed(1);
  const counts = await db.$client.query<{ status: string; n: number }>("select status, count(*)::int as n from send_recipients where task_id = $1 group by status order by status", [task.taskId]);
  return {
    task,
    createSeconds,
    seconds,
    batchesPerS: task.batchCount / seconds,
    claimMs: lines.map((b) => b.claimMs),
    breakdown:
      `per batch: slot idle ${(idle.reduce((n, ms) => n + ms, 0) / Math.max(1, idle.length)).toFixed(1)} ms (p90 ${(percentile(idle, 90) ?? 0).toFixed(1)}), claim ${mean((b) => b.claimMs)} ms, sendsms ${mean((b) => b.sendMs)} ms, record ${mean((b) => b.recordMs)} ms; ` +
      `CPU per batch: workers ${perBatch(cpuTo.workers - cpuFrom.workers)} ms, PostgreSQL ${perBatch(cpuTo.postgres - cpuFrom.postgres)} ms, WeChat side ${perBatch(cpuTo.wechat - cpuFrom.wechat)} ms; ` +
      `ledger ${counts.rows.map((r) => `${r.status} ${r.n}`).join(", ")}`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
