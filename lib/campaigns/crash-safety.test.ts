import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emuSendTasks, sendBatches, sendTasks } from "@/lib/db/schema";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { createWechatClient } from "@/lib/wechat";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { workerProcesses } from "@/test/worker-process";
import { expireLeases } from "./claim";
import { createSendTask } from "./create-task";
import { finishTasks, reportNextFinishedTask } from "./finish";
import { getTaskCounts } from "./progress";
import type { SmsApi } from "./sms-api";
import { smsApiFromWechat } from "./wechat-sms-api";

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
let emu: TestEmulator;
let workers: ReturnType<typeof workerProcesses>;
const startWorker = () => workers.start();

beforeAll(async () => {
  t = await createTestDatabase();
  emu = await startTestEmulator({ t });
  expect((await emu.control("faults", { busyRate: 0.1, latencyMs: 60 })).status).toBe(200);
  expect((await emu.control("simulation", { enabled: false, failureRate: 0.02 })).status).toBe(200);
  workers = workerProcesses(emu, {
    SENDER_CONCURRENCY: "2",
    SENDER_LEASE_MS: String(LEASE_MS),
    SENDER_TIMEOUT_MS: "1000",
    SENDER_POLL_MS: "50",
    SENDER_RETRY_BASE_MS: "20",
  });
});
afterAll(async () => {
  workers?.dispose();
  await emu?.close();
  await t?.drop();
});

async function openBatches(taskId: string): Promise<number> {
  return t.db.$count(sendBatches, and(eq(sendBatches.taskId, taskId), inArray(sendBatches.state, ["pending", "in_flight"])));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function reportedAt(taskId: string): Promise<Date | null> {
  const [task] = await t.db.select({ reportedAt: sendTasks.reportedAt }).from(sendTasks).where(eq(sendTasks.id, taskId));
  return task.reportedAt;
}
let api: SmsApi | undefined;
const reportApi = () => (api ??= smsApiFromWechat(createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId })));

describe(`crash safety (${RUNS} runs × ${NUMBERS} numbers, 10% -1 answers, against the emulator)`, () => {
  it(
    "never sends a number twice when workers are killed with SIGKILL at random moments",
    async () => {
      let kills = 0;
      let base = 15_000_000_000;
      for (let run = 0; run < RUNS; run++) {
        const phones = Array.from({ length: NUMBERS }, (_, i) => `+86${base + i}`);
        base += NUMBERS;
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

        // 1. The emulator's own record: no number of this run was sent twice.
        const emulated = await t.db.$client.query<{ phone: string; code: string; sends: number }>(
          "select phone_number as phone, min(code) as code, count(*)::int as sends from emu_sms where phone_number = any($1::text[]) group by phone_number",
          [phones],
        );
        expect(emulated.rows.filter((r) => r.sends > 1)).toEqual([]);
        const byEmulator = new Map(emulated.rows.map((r) => [r.phone, r.code]));

        // 2. Every number is final, or in an uncertain batch.
        const rows = await t.db.$client.query<{ phone: string; status: string; code: string | null; state: string }>(
          "select r.phone, r.status, r.code, b.state from send_recipients r join send_batches b on b.id = r.batch_id where r.task_id = $1",
          [task.taskId],
        );
        expect(rows.rowCount).toBe(NUMBERS);
        for (const r of rows.rows) {
          if (r.status === "uncertain") expect(r.state).toBe("uncertain");
          else expect(["sent", "failed"]).toContain(r.status);
        }

        // 3. The counts reconcile with the emulator, number by number: sent ⇔ the emulator sent it Ok;
        //    failed with a carrier code ⇔ the emulator recorded that code; failed with an errcode ⇔ never
        //    reached the emulator; uncertain ⇔ either.
        let ledgerSent = 0;
        let uncertain = 0;
        for (const r of rows.rows) {
          const emulatedCode = byEmulator.get(r.phone);
          if (r.status === "sent") {
            ledgerSent++;
            expect(emulatedCode).toBe("Ok");
          } else if (r.status === "failed") {
            expect(emulatedCode).toBe(/^-?\d+$/.test(r.code ?? "") ? undefined : r.code);
          } else {
            uncertain++;
          }
        }
        const counters = (await getTaskCounts(t.db, [task.taskId])).get(task.taskId);
        expect(counters?.sent).toBe(ledgerSent);
        expect(counters?.failed).toBe(rows.rows.filter((r) => r.status === "failed").length);

        // 4. A task with uncertain batches is not finished, so it is not reported; a finished one is reported with
        //    the ledger's sent count (the emulator keeps one row per task). The workers may all have been killed
        //    before reporting it, so the report is sent here when it is still due, as the next worker would.
        const [row] = await t.db.select({ finishedAt: sendTasks.finishedAt }).from(sendTasks).where(eq(sendTasks.id, task.taskId));
        expect(row.finishedAt !== null).toBe(uncertain === 0);
        for (let attempt = 0; attempt < 20 && uncertain === 0 && !(await reportedAt(task.taskId)); attempt++) {
          await reportNextFinishedTask(t.db, reportApi(), 0);
        }
        const reported = await t.db.select({ phoneCount: emuSendTasks.phoneCount }).from(emuSendTasks).where(eq(emuSendTasks.taskId, task.taskId));
        expect(reported.map((r) => r.phoneCount)).toEqual(uncertain === 0 ? [ledgerSent] : []);
        console.log(`crash run ${run + 1}/${RUNS}: sent ${ledgerSent}, uncertain ${uncertain}, failed ${NUMBERS - ledgerSent - uncertain}, emulator sends ${emulated.rowCount}, kills so far ${kills}`);
      }
      expect(kills).toBeGreaterThan(0);
    },
    Math.max(120_000, RUNS * NUMBERS * 5),
  );
});
