import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { deleteAudience } from "@/lib/audiences";
import type { SendStatus } from "@/lib/wechat/types";
import { claimNextBatch, expireLeases, recordAnswer, recordRefusal, recordUncertain, releaseClaim, type ClaimedBatch } from "./claim";
import { cancelTask, markBatchSent } from "./control";
import { BATCH_SIZE, BATCHES_PREPARED_AT_CREATION, createSendTask } from "./create-task";
import { WORKER_STOPPED } from "./failure";
import { prepareAll } from "./prepare";
import { getTaskCounts, getTaskProgress } from "./progress";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** More numbers than the batches prepared at creation hold: 6 batches are left unprepared, the last one short. */
const NUMBERS = (BATCHES_PREPARED_AT_CREATION + 5) * BATCH_SIZE + 500;
const LATER = BATCHES_PREPARED_AT_CREATION * BATCH_SIZE;

let base = 13_900_000_000;
/** An audience of `n` numbers, inserted in an order unlike phone order. */
async function audience(n: number): Promise<{ audienceId: string; phones: string[] }> {
  const phones = Array.from({ length: n }, (_, i) => `+86${base + i}`);
  base += n;
  const audienceId = crypto.randomUUID();
  await t.db.$client.query("insert into audience_members (audience_id, phone, source) select $1, p, 'test' from unnest($2::text[]) p order by md5(p)", [
    audienceId,
    phones,
  ]);
  return { audienceId, phones };
}

const newTask = (audienceId: string) =>
  createSendTask(t.db, {
    name: "large", activityId: "a", smsType: "Notification", templateId: "1", templateParams: [], useShortName: false,
    previewText: "", createdBy: null, source: { kind: "audience", audienceId },
  });

async function ledger(taskId: string) {
  const rows = await t.db.$client.query<{ phone: string; status: string; code: string | null; serial_no: string | null; seq: number }>(
    "select r.phone, r.status, r.code, r.serial_no, b.seq from send_recipients r join send_batches b on b.id = r.batch_id where r.task_id = $1 order by r.phone",
    [taskId],
  );
  return rows.rows;
}
async function batchRows(taskId: string) {
  const rows = await t.db.$client.query<{ seq: number; prepared: boolean; phone_count: number; state: string; sent_count: number; failed_count: number }>(
    "select seq, prepared, phone_count, state, sent_count, failed_count from send_batches where task_id = $1 order by seq",
    [taskId],
  );
  return rows.rows;
}
async function totals(taskId: string) {
  const r = await t.db.$client.query<{ total_count: number; suppressed_at_creation: number }>("select total_count, suppressed_at_creation from send_tasks where id = $1", [taskId]);
  return r.rows[0];
}
const claim = (leaseMs = 60_000) => claimNextBatch(t.db, { workerId: "test", leaseMs, marketingAllowed: true });
/** Claims every due batch, oldest first; each stays in flight. */
async function claimAll(): Promise<ClaimedBatch[]> {
  const claims: ClaimedBatch[] = [];
  for (let c = await claim(); c; c = await claim()) claims.push(c);
  return claims;
}
/** WeChat's answer: Ok for every number but the first, which the carrier refused; the second is left out. */
const answerOf = (c: ClaimedBatch): SendStatus[] =>
  c.phones
    .filter((_, i) => i !== 1)
    .map((phoneNumber, i) => ({ phoneNumber, serialNo: `${c.batchId}-${i}`, code: i === 0 ? "FailedOperation.PhoneNumberInBlacklist" : "Ok", message: "", isoCode: "CN" }));
/**
 * The last batch of a fresh large task, claimed on its own: the ones before it are marked done without rows, so the
 * ledger's rows past the first batches' are this batch's.
 */
async function lastBatchClaimed(leaseMs?: number) {
  const { audienceId, phones } = await audience(NUMBERS);
  const task = await newTask(audienceId);
  await t.db.$client.query("update send_batches set state = 'done' where task_id = $1 and seq < $2", [task.taskId, BATCHES_PREPARED_AT_CREATION + 5]);
  const c = (await claim(leaseMs))!;
  return { task, phones, c, numbers: phones.slice((BATCHES_PREPARED_AT_CREATION + 5) * BATCH_SIZE) };
}

describe("a task larger than what is prepared at creation", () => {
  it("is made with its first batches prepared; the later ones are claimed from the source, their rows written once with the answer", async () => {
    const { audienceId, phones } = await audience(NUMBERS);
    const optedOutBefore = phones[7];
    await t.db.$client.query("insert into suppressions (phone) values ($1)", [optedOutBefore]);
    const task = await newTask(audienceId);
    const batchCount = BATCHES_PREPARED_AT_CREATION + 6;
    expect(task).toMatchObject({ totalCount: NUMBERS - 1, batchCount, suppressed: 1 });

    const made = await batchRows(task.taskId);
    expect(made.map((b) => b.prepared)).toEqual(made.map((b) => b.seq < BATCHES_PREPARED_AT_CREATION));
    expect((await ledger(task.taskId)).length).toBe(LATER);
    // The counts are the whole task's from the start, and the task page says how many numbers are not listed yet.
    expect((await getTaskCounts(t.db, [task.taskId])).get(task.taskId)).toMatchObject({ pending: NUMBERS - 1 });
    const progress = async () => (await getTaskProgress(t.db, task.taskId, { start: "00:00", end: "00:00" }))!;
    expect((await progress()).preparing).toBe(NUMBERS - 1 - LATER);

    // A number of a later batch opts out after the task was made: it is left out, and counted with those left out.
    const kept = phones.filter((p) => p !== optedOutBefore);
    const optedOutLater = kept[LATER + 2 * BATCH_SIZE + 3];
    await t.db.$client.query("insert into suppressions (phone) values ($1)", [optedOutLater]);

    const claims = await claimAll();
    expect(claims.map((c) => c.prepared)).toEqual(made.map((b) => b.prepared));
    // Every number but the two opted out, once, in the batch its place in phone order gives it, in phone order.
    const sendable = kept.filter((p) => p !== optedOutLater);
    expect(claims.flatMap((c) => c.phones)).toEqual(sendable);
    expect(claims.map((c) => c.phones.length)).toEqual(made.map((b) => (b.seq === BATCHES_PREPARED_AT_CREATION + 2 ? BATCH_SIZE - 1 : b.phone_count)));
    expect(await totals(task.taskId)).toEqual({ total_count: NUMBERS - 2, suppressed_at_creation: 2 });
    // Claimed, not written: the later batches' rows are written with their answers.
    expect((await ledger(task.taskId)).length).toBe(LATER);

    for (const c of claims) expect(await recordAnswer(t.db, c, answerOf(c))).toBe(true);

    const rows = await ledger(task.taskId);
    expect(rows.map((r) => r.phone)).toEqual(sendable);
    expect(rows.map((r) => r.seq)).toEqual(kept.flatMap((p, i) => (p === optedOutLater ? [] : [Math.floor(i / BATCH_SIZE)])));
    const later = claims.at(-1)!;
    expect(rows.filter((r) => later.phones.includes(r.phone)).map((r) => [r.status, r.code, r.serial_no])).toEqual(
      later.phones.map((_, i) => (i === 0 ? ["failed", "FailedOperation.PhoneNumberInBlacklist", `${later.batchId}-0`] : i === 1 ? ["failed", "NoStatus", null] : ["sent", "Ok", `${later.batchId}-${i - 1}`])),
    );
    const after = await batchRows(task.taskId);
    expect(after.map((b) => [b.prepared, b.state, b.sent_count, b.failed_count])).toEqual(after.map((b) => [true, "done", b.phone_count - 2, 2]));
    expect(after.map((b) => b.phone_count)).toEqual(claims.map((c) => c.phones.length));
    expect((await getTaskCounts(t.db, [task.taskId])).get(task.taskId)).toMatchObject({ sent: NUMBERS - 2 - 2 * batchCount, failed: 2 * batchCount, pending: 0 });
    expect((await progress()).preparing).toBe(0);
  });

  it("makes a later batch whose numbers all opted out done when it comes to be claimed, with no numbers", async () => {
    const { audienceId, phones } = await audience(NUMBERS);
    const task = await newTask(audienceId);
    const last = phones.slice((BATCHES_PREPARED_AT_CREATION + 5) * BATCH_SIZE);
    await t.db.$client.query("insert into suppressions (phone) select unnest($1::text[])", [last]);
    await t.db.$client.query("update send_batches set state = 'done' where task_id = $1 and seq < $2", [task.taskId, BATCHES_PREPARED_AT_CREATION + 5]);

    expect(await claim()).toBeNull();
    expect((await batchRows(task.taskId)).at(-1)).toMatchObject({ prepared: true, phone_count: 0, state: "done" });
    expect(await totals(task.taskId)).toEqual({ total_count: NUMBERS - last.length, suppressed_at_creation: last.length });
  });

  it("hands a later batch claimed ahead back unwritten, with the same numbers for the next claim", async () => {
    const { task, c, numbers } = await lastBatchClaimed();
    expect(await releaseClaim(t.db, c)).toBe(true);
    expect((await batchRows(task.taskId)).at(-1)).toMatchObject({ prepared: false, state: "pending" });
    const again = (await claim())!;
    expect([again.batchId, again.prepared, again.phones]).toEqual([c.batchId, false, numbers]);
    await recordAnswer(t.db, again, answerOf(again));
  });
});

describe("a later batch that ends without an answer still lists every number", () => {
  it("writes its rows uncertain when its lease runs out, and a late answer then finishes them", async () => {
    const { task, c, numbers } = await lastBatchClaimed(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await expireLeases(t.db)).toBe(1);
    expect((await batchRows(task.taskId)).at(-1)).toMatchObject({ prepared: true, state: "uncertain", phone_count: numbers.length });
    expect((await ledger(task.taskId)).slice(LATER).map((r) => [r.phone, r.status])).toEqual(numbers.map((p) => [p, "uncertain"]));

    expect(await recordAnswer(t.db, c, answerOf(c))).toBe(true);
    const rows = (await ledger(task.taskId)).slice(LATER);
    expect(rows.map((r) => r.status)).toEqual(numbers.map((_, i) => (i < 2 ? "failed" : "sent")));
    expect((await batchRows(task.taskId)).at(-1)).toMatchObject({ state: "done", sent_count: numbers.length - 2, failed_count: 2 });
  });

  it("writes its rows uncertain when the call's outcome is unknown; marked sent by a person, they count as sent", async () => {
    const { task, c, numbers } = await lastBatchClaimed();
    expect(await recordUncertain(t.db, c, WORKER_STOPPED)).toBe(true);
    expect((await ledger(task.taskId)).slice(LATER).map((r) => [r.phone, r.status])).toEqual(numbers.map((p) => [p, "uncertain"]));
    const last = await t.db.$client.query<{ id: string }>("select id from send_batches where task_id = $1 order by seq desc limit 1", [task.taskId]);
    expect(await markBatchSent(t.db, task.taskId, Number(last.rows[0].id))).toBe(true);
    expect((await batchRows(task.taskId)).at(-1)).toMatchObject({ state: "done", sent_count: numbers.length });
  });

  it("writes its rows failed with the errcode when WeChat refused it for good, and writes none while it waits for a retry", async () => {
    const { task, c, numbers } = await lastBatchClaimed();
    const policy = { maxAttempts: 2, retryBaseMs: 0, retryMaxMs: 0 };
    const busy = { kind: "refused", errcode: -1, retryable: true, code: "-1", detail: "system error" } as const;
    expect(await recordRefusal(t.db, c, busy, policy)).toBe("retry");
    expect((await batchRows(task.taskId)).at(-1)).toMatchObject({ prepared: false, state: "pending" });
    expect((await ledger(task.taskId)).length).toBe(LATER);

    const again = (await claim())!;
    expect([again.batchId, again.attempt, again.phones]).toEqual([c.batchId, 2, numbers]);
    expect(await recordRefusal(t.db, again, busy, policy)).toBe("failed");
    expect((await ledger(task.taskId)).slice(LATER).map((r) => [r.phone, r.status, r.code])).toEqual(numbers.map((p) => [p, "failed", "-1"]));
    expect((await batchRows(task.taskId)).at(-1)).toMatchObject({ prepared: true, state: "failed", failed_count: numbers.length });
  });

  it("writes the numbers of batches cancelled before they were sent as cancelled", async () => {
    const { audienceId } = await audience(NUMBERS);
    const task = await newTask(audienceId);
    expect(await cancelTask(t.db, task.taskId)).toBe(true);
    expect(await prepareAll(t.db)).toBe(6);
    const rows = await ledger(task.taskId);
    expect(rows.length).toBe(NUMBERS);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["cancelled"]));
    expect((await getTaskCounts(t.db, [task.taskId])).get(task.taskId)).toMatchObject({ cancelled: NUMBERS, pending: 0 });
  });

  it("writes each cancelled batch once when several workers prepare at the same time, and no batch still to send", async () => {
    const tasks = await Promise.all([audience(NUMBERS), audience(NUMBERS), audience(NUMBERS)].map(async (a) => newTask((await a).audienceId)));
    await cancelTask(t.db, tasks[0].taskId);
    await cancelTask(t.db, tasks[1].taskId);
    const rounds = await Promise.all([prepareAll(t.db), prepareAll(t.db), prepareAll(t.db)]);
    expect(rounds.reduce((a, b) => a + b, 0)).toBe(12);
    for (const task of tasks.slice(0, 2)) {
      const rows = await ledger(task.taskId);
      expect(rows.length).toBe(NUMBERS);
      expect(new Set(rows.map((r) => r.phone)).size).toBe(NUMBERS);
    }
    expect((await ledger(tasks[2].taskId)).length).toBe(LATER);
    await cancelTask(t.db, tasks[2].taskId);
  });

  it("keeps the audience its later batches are read from: deleting it is refused until they are sent or cancelled", async () => {
    const { audienceId } = await audience(NUMBERS);
    await t.db.$client.query("insert into audiences (id, name, source_kind) values ($1, 'kept', 'paste')", [audienceId]);
    const task = await newTask(audienceId);
    expect(await deleteAudience(t.db, audienceId)).toBe("inUse");
    const members = await t.db.$client.query("select count(*)::int as n from audience_members where audience_id = $1", [audienceId]);
    expect(members.rows[0].n).toBe(NUMBERS);

    await cancelTask(t.db, task.taskId);
    expect(await deleteAudience(t.db, audienceId)).toBe("inUse");
    await prepareAll(t.db);
    expect((await ledger(task.taskId)).length).toBe(NUMBERS);
    expect(await deleteAudience(t.db, audienceId)).toBe("deleted");
  });
});
