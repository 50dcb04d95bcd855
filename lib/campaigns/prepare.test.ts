import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { claimNextBatch } from "./claim";
import { cancelTask } from "./control";
import { BATCH_SIZE, BATCHES_PREPARED_AT_CREATION, createSendTask } from "./create-task";
import { prepareAll, prepareBatches } from "./prepare";
import { getTaskCounts, getTaskProgress } from "./progress";
import { deleteAudience } from "@/lib/audiences";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

/** More numbers than the batches prepared at creation hold: 6 batches are left to prepare, the last one short. */
const NUMBERS = (BATCHES_PREPARED_AT_CREATION + 5) * BATCH_SIZE + 500;

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
  const rows = await t.db.$client.query<{ phone: string; status: string; seq: number }>(
    "select r.phone, r.status, b.seq from send_recipients r join send_batches b on b.id = r.batch_id where r.task_id = $1 order by r.phone",
    [taskId],
  );
  return rows.rows;
}
async function batchRows(taskId: string) {
  const rows = await t.db.$client.query<{ seq: number; prepared: boolean; phone_count: number; state: string }>(
    "select seq, prepared, phone_count, state from send_batches where task_id = $1 order by seq",
    [taskId],
  );
  return rows.rows;
}
async function claimAll(): Promise<number[]> {
  const seqs: number[] = [];
  for (;;) {
    const claim = await claimNextBatch(t.db, { workerId: "test", leaseMs: 60_000, marketingAllowed: true });
    if (!claim) return seqs;
    const row = await t.db.$client.query<{ seq: number }>("select seq from send_batches where id = $1", [claim.batchId]);
    seqs.push(row.rows[0].seq);
  }
}

describe("a task larger than what is prepared at creation", () => {
  it("is made with its first batches prepared; the rest are written later, each number once, in the batches it would have had", async () => {
    const { audienceId, phones } = await audience(NUMBERS);
    const optedOutBefore = phones[7];
    await t.db.$client.query("insert into suppressions (phone) values ($1)", [optedOutBefore]);
    const task = await newTask(audienceId);
    const batchCount = BATCHES_PREPARED_AT_CREATION + 6;
    expect(task).toMatchObject({ totalCount: NUMBERS - 1, batchCount, suppressed: 1 });

    const made = await batchRows(task.taskId);
    expect(made.map((b) => b.prepared)).toEqual(made.map((b) => b.seq < BATCHES_PREPARED_AT_CREATION));
    expect((await ledger(task.taskId)).length).toBe(BATCHES_PREPARED_AT_CREATION * BATCH_SIZE);
    // The counts are the whole task's from the start.
    expect((await getTaskCounts(t.db, [task.taskId])).get(task.taskId)).toMatchObject({ pending: NUMBERS - 1 });

    // The task page says how many numbers are not listed yet.
    const progress = async () => (await getTaskProgress(t.db, task.taskId, { start: "00:00", end: "00:00" }))!;
    expect((await progress()).preparing).toBe(NUMBERS - 1 - BATCHES_PREPARED_AT_CREATION * BATCH_SIZE);

    // Only prepared batches are sent.
    expect(await claimAll()).toEqual(Array.from({ length: BATCHES_PREPARED_AT_CREATION }, (_, i) => i));

    // A number of a batch still to prepare opts out meanwhile: it is left out, and counted with those left out.
    const kept = phones.filter((p) => p !== optedOutBefore);
    const optedOutLater = kept[(BATCHES_PREPARED_AT_CREATION + 2) * BATCH_SIZE + 3];
    await t.db.$client.query("insert into suppressions (phone) values ($1)", [optedOutLater]);

    expect(await prepareAll(t.db)).toBe(6);
    expect(await prepareBatches(t.db)).toBe(0);

    const rows = await ledger(task.taskId);
    // Every number but the two opted out, once, in the batch its place in phone order gives it.
    expect(rows.map((r) => r.phone)).toEqual(kept.filter((p) => p !== optedOutLater));
    expect(rows.map((r) => r.seq)).toEqual(kept.flatMap((p, i) => (p === optedOutLater ? [] : [Math.floor(i / BATCH_SIZE)])));
    const after = await batchRows(task.taskId);
    expect(after.every((b) => b.prepared)).toBe(true);
    const perBatch = new Map<number, number>();
    for (const r of rows) perBatch.set(r.seq, (perBatch.get(r.seq) ?? 0) + 1);
    expect(after.map((b) => b.phone_count)).toEqual(after.map((b) => perBatch.get(b.seq)));
    const stored = await t.db.$client.query("select total_count, suppressed_at_creation from send_tasks where id = $1", [task.taskId]);
    expect(stored.rows[0]).toEqual({ total_count: NUMBERS - 2, suppressed_at_creation: 2 });

    expect((await progress()).preparing).toBe(0);
    expect(await claimAll()).toEqual([20, 21, 22, 23, 24, 25]);
  });

  it("writes the numbers of batches cancelled before they were prepared as cancelled", async () => {
    const { audienceId } = await audience(NUMBERS);
    const task = await newTask(audienceId);
    expect(await cancelTask(t.db, task.taskId)).toBe(true);
    await prepareAll(t.db);
    const rows = await ledger(task.taskId);
    expect(rows.length).toBe(NUMBERS);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["cancelled"]));
    expect((await getTaskCounts(t.db, [task.taskId])).get(task.taskId)).toMatchObject({ cancelled: NUMBERS, pending: 0 });
  });

  it("prepares each batch once when several workers prepare at the same time", async () => {
    const tasks = await Promise.all([audience(NUMBERS), audience(NUMBERS)].map(async (a) => newTask((await a).audienceId)));
    const rounds = await Promise.all([prepareAll(t.db), prepareAll(t.db), prepareAll(t.db)]);
    expect(rounds.reduce((a, b) => a + b, 0)).toBe(12);
    for (const task of tasks) {
      const rows = await ledger(task.taskId);
      expect(rows.length).toBe(NUMBERS);
      expect(new Set(rows.map((r) => r.phone)).size).toBe(NUMBERS);
    }
  });

  it("keeps the audience it prepares from: deleting it is refused until every batch is prepared", async () => {
    const { audienceId } = await audience(NUMBERS);
    await t.db.$client.query("insert into audiences (id, name, source_kind) values ($1, 'kept', 'paste')", [audienceId]);
    const task = await newTask(audienceId);
    expect(await deleteAudience(t.db, audienceId)).toBe("inUse");
    const members = await t.db.$client.query("select count(*)::int as n from audience_members where audience_id = $1", [audienceId]);
    expect(members.rows[0].n).toBe(NUMBERS);

    await prepareAll(t.db);
    expect((await ledger(task.taskId)).length).toBe(NUMBERS);
    expect(await deleteAudience(t.db, audienceId)).toBe("deleted");
  });

  it("makes a batch whose numbers all opted out before it was prepared done, with no numbers", async () => {
    const { audienceId, phones } = await audience(NUMBERS);
    const task = await newTask(audienceId);
    const last = phones.slice((BATCHES_PREPARED_AT_CREATION + 5) * BATCH_SIZE);
    await t.db.$client.query("insert into suppressions (phone) select unnest($1::text[])", [last]);
    await prepareAll(t.db);
    const made = await batchRows(task.taskId);
    expect(made.at(-1)).toMatchObject({ prepared: true, phone_count: 0, state: "done" });
    expect((await ledger(task.taskId)).length).toBe(NUMBERS - last.length);
  });
});
