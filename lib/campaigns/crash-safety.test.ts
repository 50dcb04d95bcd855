import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startFakeWechat, type FakeWechat } from "@/test/fake-wechat";
import { expireLeases } from "./claim";
import { createSendTask } from "./create-task";
import { finishTasks } from "./finish";

/**
 * Crash safety: real `npm run worker` processes (scripts/worker.ts) are killed with SIGKILL at random
 * moments while they send, again and again, and the WeChat side's own record must show that no number
 * was sent twice, every number ended final or in an uncertain batch, and the counts reconcile.
 * Default: 5 runs × 5,000 numbers. Full size: CRASH_RUNS=20 CRASH_NUMBERS=20000.
 */
const RUNS = Number(process.env.CRASH_RUNS ?? 5);
const NUMBERS = Number(process.env.CRASH_NUMBERS ?? 5000);
const LEASE_MS = 1500;

let t: TestDatabase;
let wx: FakeWechat;
let dataDir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  wx = await startFakeWechat();
  wx.faults.busyRate = 0.1;
  wx.faults.latencyMs = 60;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-crash-"));
});
afterAll(async () => {
  await wx?.close();
  await t?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function startWorker(): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      DATABASE_URL: t.url,
      HONGYAN_DATA_DIR: dataDir,
      WECHAT_APPID: "",
      WECHAT_SECRET: "",
      WECHAT_API_BASE: wx.url,
      EMULATOR_SECRET: "crash-test-secret",
      SENDER_CONCURRENCY: "2",
      SENDER_LEASE_MS: String(LEASE_MS),
      SENDER_TIMEOUT_MS: "1000",
      SENDER_POLL_MS: "50",
      SENDER_RETRY_BASE_MS: "20",
    },
  });
  const ready = new Promise<void>((resolve) => {
    let buffered = "";
    child.stdout!.on("data", (d: Buffer) => {
      buffered += d.toString();
      if (buffered.includes("worker started")) resolve();
    });
    child.once("exit", () => resolve());
  });
  child.stderr!.resume();
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return { child, ready, exited };
}

async function openBatches(taskId: string): Promise<number> {
  const r = await t.db.$client.query("select count(*)::int as n from send_batches where task_id = $1 and state in ('pending', 'in_flight')", [taskId]);
  return r.rows[0].n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`crash safety (${RUNS} runs × ${NUMBERS} numbers, 10% -1 answers)`, () => {
  it(
    "never sends a number twice when workers are killed with SIGKILL at random moments",
    async () => {
      let kills = 0;
      let base = 15_000_000_000;
      for (let run = 0; run < RUNS; run++) {
        const phones = Array.from({ length: NUMBERS }, (_, i) => `+86${base + i}`);
        base += NUMBERS;
        const mine = new Set(phones);
        const task = await createSendTask(t.db, {
          name: `crash ${run}`, activityId: "crash", smsType: "Notification", templateId: "1", templateParams: [],
          useShortName: false, previewText: "", createdBy: null, source: { kind: "phones", phones },
        });

        // Kill rounds: two workers, each killed at a random moment after it starts sending.
        for (let round = 0; round < 3 && (await openBatches(task.taskId)) > 0; round++) {
          const workers = [startWorker(), startWorker()];
          await Promise.all(workers.map((w) => w.ready));
          await Promise.all(
            workers.map(async (w) => {
              await sleep(Math.random() * 120 * Math.max(1, NUMBERS / 1000));
              w.child.kill("SIGKILL");
              kills++;
              await w.exited;
            }),
          );
        }
        // Let the leases of batches caught mid-send run out, then finish with a worker left alone.
        await sleep(LEASE_MS + 100);
        await expireLeases(t.db);
        if ((await openBatches(task.taskId)) > 0) {
          const last = startWorker();
          while ((await openBatches(task.taskId)) > 0) await sleep(100);
          await sleep(300); // time to finish and report the task
          last.child.kill("SIGTERM");
          await last.exited;
        }
        await finishTasks(t.db);

        // 1. The WeChat side's own record: no number of this run was sent twice.
        const sentHere = wx.sent.filter((p) => mine.has(p));
        expect(new Set(sentHere).size).toBe(sentHere.length);

        // 2. Every number is final, or in an uncertain batch.
        const rows = await t.db.$client.query<{ phone: string; status: string; state: string }>(
          "select r.phone, r.status, b.state from send_recipients r join send_batches b on b.id = r.batch_id where r.task_id = $1",
          [task.taskId],
        );
        expect(rows.rowCount).toBe(NUMBERS);
        for (const r of rows.rows) {
          if (r.status === "uncertain") expect(r.state).toBe("uncertain");
          else expect(["sent", "failed"]).toContain(r.status);
        }

        // 3. The counts reconcile: sent in the ledger ⇔ sent by WeChat; uncertain ones may be either.
        const sentByWechat = new Set(sentHere);
        for (const r of rows.rows) {
          if (r.status === "sent") expect(sentByWechat.has(r.phone)).toBe(true);
          if (r.status === "failed") expect(sentByWechat.has(r.phone)).toBe(false);
        }
        const ledgerSent = rows.rows.filter((r) => r.status === "sent").length;
        const uncertain = rows.rows.filter((r) => r.status === "uncertain").length;
        expect(sentHere.length).toBeGreaterThanOrEqual(ledgerSent);
        expect(sentHere.length).toBeLessThanOrEqual(ledgerSent + uncertain);
        const counters = await t.db.$client.query(
          "select coalesce(sum(sent_count), 0)::int as sent, coalesce(sum(failed_count), 0)::int as failed from send_batches where task_id = $1",
          [task.taskId],
        );
        expect(counters.rows[0].sent).toBe(ledgerSent);
        expect(counters.rows[0].failed).toBe(rows.rows.filter((r) => r.status === "failed").length);

        // 4. The task is reported at most once, and with the ledger's sent count.
        const reports = wx.reports.filter((r) => r.task_id === task.taskId);
        expect(reports.length).toBeLessThanOrEqual(1);
        if (reports.length === 1) expect(reports[0].phone_count).toBe(String(ledgerSent));
        if (uncertain === 0) {
          const row = (await t.db.$client.query("select finished_at from send_tasks where id = $1", [task.taskId])).rows[0];
          expect(row.finished_at).not.toBeNull();
        }
        console.log(`crash run ${run + 1}/${RUNS}: sent ${ledgerSent}, uncertain ${uncertain}, failed ${NUMBERS - ledgerSent - uncertain}, kills so far ${kills}`);
      }
      expect(kills).toBeGreaterThan(0);
    },
    Math.max(120_000, RUNS * NUMBERS * 5),
  );
});
