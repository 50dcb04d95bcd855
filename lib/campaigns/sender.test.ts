import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { schema, type Db } from "@/lib/db";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { DEFAULT_SMS_SETTINGS, saveSmsSettings } from "@/lib/settings/sms";
import { createWechatClient, LOCAL_CODES } from "@/lib/wechat";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { claimNextBatch, expireLeases } from "./claim";
import { cancelTask, markBatchSent, pauseTask, resendUncertainBatch, resumeTask } from "./control";
import { BATCH_SIZE, BATCHES_PREPARED_AT_CREATION, createSendTask, type RecipientSource } from "./create-task";
import { finishTasks, reportNextFinishedTask } from "./finish";
import { getTaskProgress, recipientCodes } from "./progress";
import { smsApiFromWechat } from "./wechat-sms-api";
import { runWorker, type WorkerOptions } from "./worker";

/** The ledger and the emulator share one test database; the emulator is served over real HTTP. */
const ALL_DAY = { start: "00:00", end: "00:00" };
let t: TestDatabase;
let emu: TestEmulator;

beforeAll(async () => {
  t = await createTestDatabase();
  emu = await startTestEmulator({ t });
  await api().reportSendSmsTask({ activityId: "warm-up", taskId: "warm-up", phoneCount: "0" });
  // The worker reads the allowed hours from the settings by the real clock: all day, so marketing tasks send at
  // any hour the suite runs (the hold outside them is tested on the claim with marketingAllowed: false).
  await saveSmsSettings(t.db, { ...DEFAULT_SMS_SETTINGS, allowedHours: { start: "00:00", end: "00:00" } }, null);
});
afterAll(async () => {
  await emu?.close();
  await t?.drop();
});

async function faults(f: { busyRate?: number; rateLimitRate?: number; dropRate?: number; latencyMs?: number }) {
  const res = await emu.control("faults", f);
  expect(res.status).toBe(200);
}
async function simulation(s: { enabled?: boolean; failureRate?: number }) {
  const res = await emu.control("simulation", s);
  expect(res.status).toBe(200);
}
beforeEach(async () => {
  await faults({});
  await simulation({ enabled: false, failureRate: 0 });
});

/** The emulator's own record: every number sendsms accepted, one row per send. */
async function emulatorSent(list: string[]): Promise<Array<{ phone: string; code: string; serial: string }>> {
  const r = await t.db.$client.query(
    "select phone_number as phone, code, serial_no as serial from emu_sms where phone_number = any($1::text[])",
    [list],
  );
  return r.rows;
}
function sentTwice(rows: Array<{ phone: string }>): string[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.phone) ? true : (seen.add(r.phone), false))).map((r) => r.phone);
}
/** What the emulator recorded from `report sendSmsTask` for a task. */
async function reportedToEmulator(taskId: string): Promise<number[]> {
  const r = await t.db.$client.query("select phone_count from emu_send_tasks where task_id = $1", [taskId]);
  return r.rows.map((x) => Number(x.phone_count));
}

let phoneBase = 13_800_000_000;
function phones(n: number): string[] {
  const out = Array.from({ length: n }, (_, i) => `+86${phoneBase + i}`);
  phoneBase += n;
  return out;
}

/** One client (and token) for the file, fetched before any fault is injected. */
let shared: ReturnType<typeof smsApiFromWechat> | undefined;
const api = () => {
  shared ??= smsApiFromWechat(createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, timeoutMs: 2_000 }));
  return shared;
};

async function newTask(source: RecipientSource, smsType: "Marketing" | "Notification" = "Notification") {
  return createSendTask(t.db, {
    name: "test",
    activityId: "act-1",
    smsType,
    templateId: "tpl-1",
    templateParams: ["a"],
    content: "hello",
    path: "/index.html?activityId=act-1&source=_cms_sms_",
    useShortName: false,
    previewText: "",
    createdBy: null,
    source,
  });
}

/**
 * Runs workers until `done` holds, then stops them and waits for them to finish. A report claim is retried after 10 s,
 * not 100 ms: no test here waits for a retry, and on a loaded machine a report that took longer than 100 ms was
 * claimed again by another worker (report_attempts 2 where the tests expect one report).
 */
async function runWorkersUntil(done: () => Promise<boolean>, n = 1, extra: Partial<WorkerOptions> = {}, timeoutMs = 25_000) {
  const ac = new AbortController();
  const workers = Array.from({ length: n }, (_, i) =>
    runWorker({ signal: ac.signal, database: t.db, api: api(), concurrency: 2, pollMs: 50, retryBaseMs: 20, reportRetryMs: 10_000, leaseMs: 10_000, workerId: `w${i}`, ...extra }),
  );
  const deadline = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  ac.abort();
  await Promise.all(workers);
}

async function taskRow(id: string) {
  const r = await t.db.$client.query("select * from send_tasks where id = $1", [id]);
  return r.rows[0];
}
async function batches(id: string) {
  const r = await t.db.$client.query("select * from send_batches where task_id = $1 order by seq", [id]);
  return r.rows;
}
async function statusCounts(id: string): Promise<Record<string, number>> {
  const r = await t.db.$client.query("select status, count(*)::int as n from send_recipients where task_id = $1 group by status", [id]);
  return Object.fromEntries(r.rows.map((x) => [x.status, x.n]));
}
const reported = (id: string) => async () => (await taskRow(id)).reported_at !== null;

describe("the sender against the emulator over HTTP", () => {
  it("sends 2,500 numbers in 3 batches and every number ends Ok or failed with its code", async () => {
    await simulation({ enabled: false, failureRate: 0.05 });
    const list = phones(2500);
    const task = await newTask({ kind: "phones", phones: list });
    expect(task).toMatchObject({ totalCount: 2500, batchCount: 3 });
    expect((await batches(task.taskId)).map((b) => b.phone_count)).toEqual([1000, 1000, 500]);

    await runWorkersUntil(reported(task.taskId));

    const ledger = await t.db.$client.query("select phone, status, code, serial_no from send_recipients where task_id = $1", [task.taskId]);
    const byEmulator = new Map((await emulatorSent(list)).map((r) => [r.phone, r]));
    expect(byEmulator.size).toBe(2500);
    let failed = 0;
    for (const r of ledger.rows) {
      const e = byEmulator.get(r.phone)!;
      expect(r.serial_no).toBe(e.serial);
      expect(r.code).toBe(e.code);
      expect(r.status).toBe(e.code === "Ok" ? "sent" : "failed");
      if (r.status === "failed") failed++;
    }
    expect(failed).toBeGreaterThan(0);
    expect(sentTwice(await emulatorSent(list))).toEqual([]);
    expect((await batches(task.taskId)).map((b) => b.state)).toEqual(["done", "done", "done"]);
    expect(await taskRow(task.taskId)).toMatchObject({ status: "done", reported_count: 2500 - failed });
    expect(await reportedToEmulator(task.taskId)).toEqual([2500 - failed]);
  });

  it("reports sendSmsTask once, with the number actually sent as a string", async () => {
    const list = phones(20);
    const task = await newTask({ kind: "phones", phones: list }, "Marketing");
    await runWorkersUntil(reported(task.taskId));
    expect(await taskRow(task.taskId)).toMatchObject({ reported_count: 20, report_attempts: 1 });
    expect(await reportedToEmulator(task.taskId)).toEqual([20]);
  });

  it("never sends to opted-out numbers, whether they opted out before the task or after it was made", async () => {
    const list = phones(1500);
    await t.db.$client.query("insert into suppressions (phone) values ($1), ($2)", [list[0], list[1]]);
    const task = await newTask({ kind: "phones", phones: list });
    expect(task).toMatchObject({ totalCount: 1498, suppressed: 2 });
    // Opted out after the task was made: filtered again when its batch is claimed.
    await t.db.$client.query("insert into suppressions (phone) values ($1), ($2)", [list[10], list[1400]]);

    await runWorkersUntil(reported(task.taskId));

    expect(await statusCounts(task.taskId)).toEqual({ sent: 1496, skipped: 2 });
    const sent = (await emulatorSent(list)).map((r) => r.phone);
    for (const p of [list[0], list[1], list[10], list[1400]]) expect(sent).not.toContain(p);
    expect(sent.length).toBe(1496);
    expect(await taskRow(task.taskId)).toMatchObject({ reported_count: 1496 });
  });

  it("copies an audience minus the opt-out list in SQL", async () => {
    const list = phones(30);
    const audienceId = crypto.randomUUID();
    await t.db.$client.query(
      "insert into audience_members (audience_id, phone, source) select $1, p, 'paste' from (select distinct unnest($2::text[]) as p) s",
      [audienceId, [...list, list[0], list[1]]],
    );
    await t.db.$client.query("insert into suppressions (phone) values ($1)", [list[5]]);
    const task = await newTask({ kind: "audience", audienceId });
    expect(task).toMatchObject({ totalCount: 29, batchCount: 1, suppressed: 1 });
    await cancelTask(t.db, task.taskId);
  });

  it("retries a batch answered -1 (nothing was sent) and sends it once", async () => {
    const list = phones(1200);
    await faults({ busyRate: 1 });
    const task = await newTask({ kind: "phones", phones: list });
    const ac = new AbortController();
    const worker = runWorker({ signal: ac.signal, database: t.db, api: api(), concurrency: 2, pollMs: 50, retryBaseMs: 20, leaseMs: 10_000 });
    while ((await batches(task.taskId)).every((b) => b.attempts < 2)) await new Promise((r) => setTimeout(r, 20));
    await faults({});
    while (!(await reported(task.taskId)())) await new Promise((r) => setTimeout(r, 50));
    ac.abort();
    await worker;
    expect(await statusCounts(task.taskId)).toEqual({ sent: 1200 });
    const sent = await emulatorSent(list);
    expect(sent.length).toBe(1200);
    expect(sentTwice(sent)).toEqual([]);
    const bs = await batches(task.taskId);
    expect(Math.max(...bs.map((b) => b.attempts))).toBeGreaterThan(1);
    // Answered in the end: the -1 of the earlier attempt is no longer the batch's failure.
    expect(bs.map((b) => [b.state, b.error_code, b.error])).toEqual(bs.map(() => ["done", null, null]));
  });

  it("fails a batch that is still refused after the attempt limit, with the errcode on every number", async () => {
    const list = phones(10);
    await faults({ busyRate: 1 });
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(async () => (await batches(task.taskId))[0].state === "failed");
    await faults({});
    await runWorkersUntil(reported(task.taskId));
    const [b] = await batches(task.taskId);
    expect(b).toMatchObject({ state: "failed", attempts: 5, failed_count: 10 });
    // WeChat's errcode and errmsg, which the page words in the reader's language.
    expect(b).toMatchObject({ error_code: "-1", error: "system error" });
    const codes = await t.db.$client.query("select distinct code, message from send_recipients where task_id = $1", [task.taskId]);
    expect(codes.rows).toEqual([{ code: "-1", message: "system error" }]);
    expect(await emulatorSent(list)).toEqual([]);
    expect(await taskRow(task.taskId)).toMatchObject({ reported_count: 0 });
  });

  it("lists the failed batches of a task once per reason, and counts their numbers by code with WeChat's errmsg", async () => {
    const list = phones(BATCH_SIZE + 200);
    await faults({ busyRate: 1 });
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(async () => (await batches(task.taskId)).every((b) => b.state === "failed"));
    await faults({});
    const progress = await getTaskProgress(t.db, task.taskId, ALL_DAY);
    expect(progress?.failedBatches).toEqual([{ errorCode: "-1", error: "system error", batches: 2, numbers: list.length, firstSeq: 0 }]);
    expect(progress?.uncertainBatches).toEqual([]);
    expect(await recipientCodes(t.db, task.taskId)).toEqual([{ code: "-1", count: list.length, message: "system error" }]);
  });

  it("counts the numbers WeChat answered with a failure by their code, with WeChat's message for each", async () => {
    const list = phones(40);
    await simulation({ failureRate: 1 });
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(async () => (await batches(task.taskId))[0].state === "done");
    await simulation({ failureRate: 0 });
    const answered = await emulatorSent(list);
    const codes = await recipientCodes(t.db, task.taskId);
    // As many entries as codes the emulator answered, each with its count and the message it answered with.
    const byCode = new Map<string, number>();
    for (const a of answered) byCode.set(a.code, (byCode.get(a.code) ?? 0) + 1);
    expect(new Map(codes.map((c) => [c.code, c.count]))).toEqual(byCode);
    const messages = await t.db.$client.query("select distinct code, message from emu_sms where phone_number = any($1::text[])", [list]);
    expect(codes.map((c) => [c.code, c.message]).sort()).toEqual(messages.rows.map((r) => [r.code, r.message]).sort());
    expect((await getTaskProgress(t.db, task.taskId, ALL_DAY))?.failedBatches).toEqual([]);
  });

  it("makes a batch whose connection dropped uncertain and never resends it on its own", async () => {
    const list = phones(1500);
    await faults({ dropRate: 1 });
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(async () => (await batches(task.taskId)).some((b) => b.state === "uncertain"), 1, { concurrency: 1 });
    await faults({});
    await runWorkersUntil(async () => (await batches(task.taskId)).every((b) => b.state !== "pending" && b.state !== "in_flight"));
    // Keep workers running a while longer: nothing more may go out.
    const sentBefore = (await emulatorSent(list)).length;
    await runWorkersUntil(async () => false, 2, {}, 1_000);
    expect((await emulatorSent(list)).length).toBe(sentBefore);

    // The connection of at least the first batch was dropped after the emulator had sent it.
    const states = (await batches(task.taskId)).map((b) => b.state);
    expect(states).toContain("uncertain");
    for (const s of states) expect(["done", "uncertain"]).toContain(s);
    const sent = await emulatorSent(list);
    expect(sentTwice(sent)).toEqual([]);
    expect(sent.length).toBe(1500); // the dropped call did send
    const counts = await statusCounts(task.taskId);
    expect((counts.uncertain ?? 0) + (counts.sent ?? 0)).toBe(1500);
    expect((await taskRow(task.taskId)).finished_at).toBeNull();

    for (const b of (await batches(task.taskId)).filter((x) => x.state === "uncertain")) {
      expect(await markBatchSent(t.db, task.taskId, Number(b.id))).toBe(true);
    }
    await runWorkersUntil(reported(task.taskId));
    expect(await statusCounts(task.taskId)).toEqual({ sent: 1500 });
    expect(await taskRow(task.taskId)).toMatchObject({ reported_count: 1500 });
    expect((await emulatorSent(list)).length).toBe(1500);
  });

  it("resends an uncertain batch only when a person asks", async () => {
    const list = phones(5);
    await faults({ dropRate: 1 });
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(async () => (await batches(task.taskId))[0].state === "uncertain");
    await faults({});
    const [b] = await batches(task.taskId);
    expect(await resendUncertainBatch(t.db, task.taskId, Number(b.id))).toBe(true);
    await runWorkersUntil(reported(task.taskId));
    expect((await emulatorSent(list)).length).toBe(10);
    expect(await statusCounts(task.taskId)).toEqual({ sent: 5 });
  });

  it("turns a batch whose worker died mid-send into uncertain when its lease runs out", async () => {
    const task = await newTask({ kind: "phones", phones: phones(3) });
    const claim = await claimNextBatch(t.db, { workerId: "dead", leaseMs: 1, marketingAllowed: true });
    expect(claim?.taskId).toBe(task.taskId);
    await new Promise((r) => setTimeout(r, 20));
    expect(await expireLeases(t.db)).toBe(1);
    expect(await statusCounts(task.taskId)).toEqual({ uncertain: 3 });
    expect((await batches(task.taskId))[0]).toMatchObject({ state: "uncertain", error_code: "workerStopped", error: null });
    await cancelTask(t.db, task.taskId);
  });

  it("never lets two workers send the same number", async () => {
    const list = phones(8000);
    await faults({ latencyMs: 5 });
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(reported(task.taskId), 3);
    const sent = await emulatorSent(list);
    expect(sent.length).toBe(8000);
    expect(sentTwice(sent)).toEqual([]);
    const claimers = await t.db.$client.query("select count(distinct claimed_by)::int as n from send_batches where task_id = $1", [task.taskId]);
    expect(claimers.rows[0].n).toBeGreaterThan(1);
    expect(await taskRow(task.taskId)).toMatchObject({ reported_count: 8000, report_attempts: 1 });
  });

  it("writes one answer and makes one claim at a time in a worker, however many of its calls answer together", async () => {
    // Side by side, a process's answers contended for the same index pages (lib/campaigns/worker.ts, `writing`).
    const running = { claims: 0, answers: 0 };
    const most = { claims: 0, answers: 0, answersWritten: 0 };
    class WatchedClient extends pg.Client {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg.Client's query has many overloads; this passes all of them on.
      override query(config: any, values?: any, callback?: any): any {
        const name: unknown = typeof config === "object" && config !== null ? config.name : undefined;
        const kind = name === "sender-claim" ? "claims" : typeof name === "string" && name.startsWith("sender-record") ? "answers" : undefined;
        if (!kind) return super.query(config, values, callback);
        running[kind]++;
        most[kind] = Math.max(most[kind], running[kind]);
        if (kind === "answers") most.answersWritten++;
        const ended = () => running[kind]--;
        // The pool's own query() passes a callback; a client's query() without one returns a promise.
        if (typeof callback === "function") return super.query(config, values, (...a: unknown[]) => (ended(), callback(...a)));
        if (typeof values === "function") return super.query(config, (...a: unknown[]) => (ended(), values(...a)));
        return (super.query(config, values) as unknown as Promise<unknown>).finally(ended);
      }
    }
    const watched = drizzle(new pg.Pool({ connectionString: t.url, max: 12, Client: WatchedClient }), { schema }) as Db;
    try {
      const list = phones(8 * BATCH_SIZE);
      await faults({ latencyMs: 150 });
      const task = await newTask({ kind: "phones", phones: list });
      await runWorkersUntil(reported(task.taskId), 1, { database: watched, concurrency: 4 });
      expect(await statusCounts(task.taskId)).toEqual({ sent: list.length });
      expect(sentTwice(await emulatorSent(list))).toEqual([]);
      expect(most).toEqual({ claims: 1, answers: 1, answersWritten: 8 });
    } finally {
      await watched.$client.end();
    }
  });

  it("sends a task larger than what is prepared at creation: its later batches are read from the source as they are sent, every number once", async () => {
    const list = phones((BATCHES_PREPARED_AT_CREATION + 4) * BATCH_SIZE + 10);
    const audienceId = crypto.randomUUID();
    await t.db.$client.query("insert into audience_members (audience_id, phone, source) select $1, unnest($2::text[]), 'paste'", [audienceId, list]);
    await faults({ latencyMs: 5 });
    const task = await newTask({ kind: "audience", audienceId });
    expect((await batches(task.taskId)).filter((b) => !b.prepared).length).toBe(5);
    await runWorkersUntil(reported(task.taskId), 2);
    const sent = await emulatorSent(list);
    expect(sent.length).toBe(list.length);
    expect(sentTwice(sent)).toEqual([]);
    expect(await statusCounts(task.taskId)).toEqual({ sent: list.length });
    expect(await taskRow(task.taskId)).toMatchObject({ status: "done", reported_count: list.length });
  });

  it("holds marketing SMS outside the allowed hours and still sends notifications", async () => {
    const m = await newTask({ kind: "phones", phones: phones(2) }, "Marketing");
    const n = await newTask({ kind: "phones", phones: phones(2) }, "Notification");
    const claim = await claimNextBatch(t.db, { workerId: "w", leaseMs: 10_000, marketingAllowed: false });
    expect(claim?.taskId).toBe(n.taskId);
    expect(await claimNextBatch(t.db, { workerId: "w", leaseMs: 10_000, marketingAllowed: false })).toBeNull();
    await cancelTask(t.db, m.taskId);
    await t.db.$client.query("update send_batches set state = 'done' where id = $1", [claim!.batchId]);
  });

  it("holds a task until its send time", async () => {
    const task = await createSendTask(t.db, {
      name: "later", activityId: "a", smsType: "Notification", templateId: "1", templateParams: [], useShortName: false,
      previewText: "", createdBy: null, source: { kind: "phones", phones: phones(2) }, sendAt: new Date(Date.now() + 3_600_000),
    });
    expect(await claimNextBatch(t.db, { workerId: "w", leaseMs: 10_000, marketingAllowed: true })).toBeNull();
    await cancelTask(t.db, task.taskId);
  });

  it("pauses, resumes and cancels", async () => {
    const list = phones(3000);
    const task = await newTask({ kind: "phones", phones: list });
    expect(await pauseTask(t.db, task.taskId)).toBe(true);
    expect(await claimNextBatch(t.db, { workerId: "w", leaseMs: 10_000, marketingAllowed: true })).toBeNull();
    expect(await resumeTask(t.db, task.taskId)).toBe(true);
    const claim = await claimNextBatch(t.db, { workerId: "w", leaseMs: 10_000, marketingAllowed: true });
    expect(claim?.taskId).toBe(task.taskId);
    expect(await cancelTask(t.db, task.taskId)).toBe(true);
    expect((await batches(task.taskId)).map((b) => b.state)).toEqual(["in_flight", "cancelled", "cancelled"]);
    expect(await statusCounts(task.taskId)).toEqual({ pending: 1000, cancelled: 2000 });
    expect(await resumeTask(t.db, task.taskId)).toBe(false);
    // The batch already in flight still finishes and is recorded, then the task ends cancelled and is reported.
    await t.db.$client.query("update send_batches set lease_until = now() + interval '1 hour' where id = $1", [claim!.batchId]);
    const { recordAnswer } = await import("./claim");
    await recordAnswer(t.db, claim!, claim!.phones.map((p, i) => ({ serialNo: `s${i}`, phoneNumber: p, code: "Ok", message: "", isoCode: "CN" })));
    await runWorkersUntil(reported(task.taskId));
    expect(await taskRow(task.taskId)).toMatchObject({ status: "cancelled", reported_count: 1000 });
  });
});

/** Reports finished tasks until this one's turn (older tasks of this file may be due too, oldest first). */
async function reportUntil(taskId: string, retryMs?: number) {
  for (;;) {
    const r = await reportNextFinishedTask(t.db, api(), retryMs);
    if (!r || r.taskId === taskId) return r;
  }
}

describe("what a refused or uncertain batch and a failed report store: a code the page words, and WeChat's errmsg", () => {
  it("keeps 45011 and WeChat's errmsg on a batch waiting for its retry", async () => {
    await faults({ rateLimitRate: 1 });
    const task = await newTask({ kind: "phones", phones: phones(3) });
    await runWorkersUntil(async () => (await batches(task.taskId))[0].attempts > 0 && (await batches(task.taskId))[0].state === "pending");
    await faults({});
    expect((await batches(task.taskId))[0]).toMatchObject({ state: "pending", attempts: 1, error_code: "45011", error: "api minute-quota reach limit" });
    expect(await cancelTask(t.db, task.taskId)).toBe(true);
  });

  it("stores a dropped connection as lib/wechat's network code", async () => {
    await faults({ dropRate: 1 });
    const task = await newTask({ kind: "phones", phones: phones(3) });
    await runWorkersUntil(async () => (await batches(task.taskId))[0].state === "uncertain");
    await faults({});
    const [b] = await batches(task.taskId);
    expect(b).toMatchObject({ state: "uncertain", error_code: String(LOCAL_CODES.network) });
    expect(b.error).not.toMatch(/failed with|could not reach/i);
  });

  it("stores a call that got no answer in time as lib/wechat's timeout code", async () => {
    // A client that waits 300 ms (its token fetched before the latency), so the reports the worker also makes time out fast.
    const impatient = smsApiFromWechat(createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, timeoutMs: 300 }));
    await impatient.reportSendSmsTask({ activityId: "warm-up", taskId: "warm-up", phoneCount: "0" });
    await faults({ latencyMs: 600 });
    const task = await newTask({ kind: "phones", phones: phones(3) });
    await runWorkersUntil(async () => (await batches(task.taskId))[0].state === "uncertain", 1, { api: impatient });
    await faults({});
    const [b] = await batches(task.taskId);
    expect(b).toMatchObject({ state: "uncertain", error_code: String(LOCAL_CODES.timeout) });
    expect(b.error).toContain("300 ms");
  });

  it("keeps the errcode of a failed report sendSmsTask, and clears it once the report goes through", async () => {
    const task = await newTask({ kind: "phones", phones: phones(2) });
    expect(await cancelTask(t.db, task.taskId)).toBe(true);
    expect(await finishTasks(t.db)).toContain(task.taskId);
    await faults({ busyRate: 1 });
    expect(await reportUntil(task.taskId)).toMatchObject({ ok: false });
    await faults({});
    expect(await taskRow(task.taskId)).toMatchObject({ reported_at: null, report_error_code: "-1", report_error: "system error" });
    expect(await reportUntil(task.taskId, 0)).toMatchObject({ ok: true });
    expect(await taskRow(task.taskId)).toMatchObject({ report_error_code: null, report_error: null });
  });
});
