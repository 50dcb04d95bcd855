import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { inTransaction } from "@/lib/db/transaction";
import { RECORD_ANSWER_SETTINGS, RECORD_ANSWER_SQL, claimNextBatch, recordAnswer, releaseClaim } from "./claim";
import { cancelTask } from "./control";
import { createSendTask } from "./create-task";

/** The claim and answer statements on their own, against a real PostgreSQL (the sender tests drive them through the worker). */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

let taskIds: string[] = [];
afterEach(async () => {
  for (const id of taskIds) await cancelTask(t.db, id);
  taskIds = [];
});

let phoneBase = 13_900_000_000;
async function newTask(n: number) {
  const phones = Array.from({ length: n }, (_, i) => `+86${phoneBase + i}`);
  phoneBase += n;
  const task = await createSendTask(t.db, {
    name: "claims", activityId: "act", smsType: "Notification", templateId: "tpl", templateParams: ["x"], useShortName: true,
    previewText: "", createdBy: null, source: { kind: "phones", phones },
  });
  taskIds.push(task.taskId);
  return { ...task, phones };
}
const claim = () => claimNextBatch(t.db, { workerId: "w1", leaseMs: 60_000, marketingAllowed: true });

async function batchRows(taskId: string) {
  const r = await t.db.$client.query<{ seq: number; state: string; attempts: number; sent_count: number; failed_count: number; skipped_count: number; claimed_by: string | null }>(
    "select seq, state, attempts, sent_count, failed_count, skipped_count, claimed_by from send_batches where task_id = $1 order by seq",
    [taskId],
  );
  return r.rows;
}
async function recipients(taskId: string) {
  const r = await t.db.$client.query<{ phone: string; status: string; code: string | null; serial_no: string | null }>(
    "select phone, status, code, serial_no from send_recipients where task_id = $1 order by phone",
    [taskId],
  );
  return r.rows;
}

describe("claiming a batch", () => {
  it("hands out the batch's numbers in order with the task's message, and marks the batch in flight", async () => {
    const task = await newTask(1200);
    const c = await claim();
    expect(c).toMatchObject({
      taskId: task.taskId,
      attempt: 1,
      phones: task.phones.slice(0, 1000),
      task: { activityId: "act", smsType: "Notification", templateId: "tpl", templateParams: ["x"], useShortName: true, content: null, path: null },
    });
    expect((await batchRows(task.taskId)).map((b) => [b.state, b.attempts, b.claimed_by])).toEqual([
      ["in_flight", 1, "w1"],
      ["pending", 0, null],
    ]);
  });

  it("finishes a batch whose every number opted out after the task was made, and claims the next one", async () => {
    const task = await newTask(1500);
    await t.db.$client.query("insert into suppressions (phone) select unnest($1::text[])", [task.phones.slice(0, 1000)]);
    await t.db.$client.query("insert into suppressions (phone) values ($1)", [task.phones[1200]]);

    const c = await claim();

    expect(c?.phones).toEqual([...task.phones.slice(1000, 1200), ...task.phones.slice(1201)]);
    expect((await batchRows(task.taskId)).map((b) => [b.state, b.attempts, b.skipped_count])).toEqual([
      ["done", 0, 1000],
      ["in_flight", 1, 1],
    ]);
    const rows = await recipients(task.taskId);
    expect(rows.filter((r) => r.status === "skipped").map((r) => r.phone)).toEqual([...task.phones.slice(0, 1000), task.phones[1200]]);
    expect(new Set(rows.filter((r) => r.status === "skipped").map((r) => r.code))).toEqual(new Set(["OptedOut"]));
  });

  it("returns null when nothing is due", async () => {
    await newTask(10);
    expect(await claim()).not.toBeNull();
    expect(await claim()).toBeNull();
  });
});

describe("handing back a batch claimed ahead and never sent", () => {
  it("makes it pending again with the attempt taken back, so the next claim gets the same numbers", async () => {
    const task = await newTask(10);
    const first = (await claim())!;
    expect(await releaseClaim(t.db, first)).toBe(true);
    expect((await batchRows(task.taskId)).map((b) => [b.state, b.attempts, b.claimed_by])).toEqual([["pending", 0, null]]);

    const again = (await claim())!;
    expect([again.batchId, again.attempt, again.phones]).toEqual([first.batchId, 1, task.phones]);
    // The first claim is no longer the batch's: handing it back again changes nothing.
    expect(await releaseClaim(t.db, first)).toBe(false);
    expect((await batchRows(task.taskId)).map((b) => [b.state, b.attempts])).toEqual([["in_flight", 1]]);
  });
});

describe("recording WeChat's answer", () => {
  it("marks Ok numbers sent, carrier codes failed, numbers the answer left out failed with NoStatus, and counts them", async () => {
    const task = await newTask(5);
    const c = (await claim())!;
    const [p0, p1, p2, p3] = task.phones;
    const ok = await recordAnswer(t.db, c, [
      { serialNo: "s0", phoneNumber: p0, code: "Ok", message: "send success", isoCode: "CN" },
      { serialNo: "s1", phoneNumber: p1, code: "Ok", message: "send success", isoCode: "CN" },
      { serialNo: "s2", phoneNumber: p2, code: "FailedOperation.PhoneNumberInBlacklist", message: "blacklisted", isoCode: "CN" },
      { serialNo: "s3", phoneNumber: p3, code: "Ok", message: "send success", isoCode: "CN" },
    ]);
    expect(ok).toBe(true);
    expect((await recipients(task.taskId)).map((r) => [r.status, r.code, r.serial_no])).toEqual([
      ["sent", "Ok", "s0"],
      ["sent", "Ok", "s1"],
      ["failed", "FailedOperation.PhoneNumberInBlacklist", "s2"],
      ["sent", "Ok", "s3"],
      ["failed", "NoStatus", null],
    ]);
    expect((await batchRows(task.taskId)).map((r) => [r.state, r.sent_count, r.failed_count])).toEqual([["done", 3, 2]]);
  });

  it("writes a full batch's answers on the pages its numbers are on (HOT updates, no new index entries)", async () => {
    const task = await newTask(1000);
    const pages = async () =>
      new Map(
        (
          await t.db.$client.query<{ phone: string; page: number }>(
            "select phone, (ctid::text::point)[0]::int as page from send_recipients where task_id = $1",
            [task.taskId],
          )
        ).rows.map((r) => [r.phone, r.page]),
      );
    const before = await pages();
    const c = (await claim())!;
    const answer = c.phones.map((p, i) => ({ serialNo: `2:serial-${i}`, phoneNumber: p, code: "Ok", message: "send success", isoCode: "CN" }));
    expect(await recordAnswer(t.db, c, answer)).toBe(true);

    const after = await pages();
    expect(new Set((await recipients(task.taskId)).map((r) => r.status))).toEqual(new Set(["sent"]));
    expect(task.phones.filter((p) => after.get(p) !== before.get(p))).toEqual([]);
  });

  it("plans the answer as a hash join whatever the planner knows, never a loop comparing every number with every answer", async () => {
    // The statement is prepared once per connection; after five runs PostgreSQL may keep a generic plan, made without
    // the answer's size (estimated at 10 rows), and the statistics here know only this file's small tasks, as they
    // would not know a large task made a moment ago. A plan that compared every pending number with every answered
    // one cost 300 ms a batch (1000 × 1000).
    const text = await inTransaction(t.db, async (c) => {
      await c.query(RECORD_ANSWER_SETTINGS);
      const plan = await c.query<{ "QUERY PLAN": string }>(`explain (generic_plan) ${RECORD_ANSWER_SQL}`);
      return plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(text, text).toMatch(/Hash Join/);
    expect(text, text).not.toMatch(/Nested Loop|Join Filter|Seq Scan on send_recipients/);
  });

  it("writes nothing for a claim that is no longer current", async () => {
    const task = await newTask(3);
    const c = (await claim())!;
    await t.db.$client.query("update send_batches set claim_token = gen_random_uuid() where task_id = $1", [task.taskId]);

    const ok = await recordAnswer(t.db, c, task.phones.map((p, i) => ({ serialNo: `s${i}`, phoneNumber: p, code: "Ok", message: "", isoCode: "CN" })));

    expect(ok).toBe(false);
    expect((await recipients(task.taskId)).map((r) => r.status)).toEqual(["pending", "pending", "pending"]);
    expect((await batchRows(task.taskId)).map((r) => [r.state, r.sent_count])).toEqual([["in_flight", 0]]);
  });
});
