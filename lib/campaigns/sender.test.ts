import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startFakeWechat, type FakeWechat } from "@/test/fake-wechat";
import { claimNextBatch, expireLeases } from "./claim";
import { cancelTask, markBatchSent, pauseTask, resendUncertainBatch, resumeTask } from "./control";
import { createSendTask, type RecipientSource } from "./create-task";
import { createWechatClient } from "@/lib/wechat";
import { smsApiFromWechat } from "./wechat-sms-api";
import { runWorker, type WorkerOptions } from "./worker";

let t: TestDatabase;
let wx: FakeWechat;

beforeAll(async () => {
  t = await createTestDatabase();
  wx = await startFakeWechat();
});
afterAll(async () => {
  await wx?.close();
  await t?.drop();
});
beforeEach(() => {
  wx.sent.length = 0;
  wx.reports.length = 0;
  wx.faults = { busyNext: 0, busyRate: 0, dropNext: 0, latencyMs: 0 };
  wx.failCodes.clear();
});

let phoneBase = 13_800_000_000;
function phones(n: number): string[] {
  const out = Array.from({ length: n }, (_, i) => `+86${phoneBase + i}`);
  phoneBase += n;
  return out;
}

const api = () => smsApiFromWechat(createWechatClient({ apiBase: wx.url, appId: "wxtest", secret: "s", envId: "test-env", timeoutMs: 2_000 }));

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

/** Runs workers until `done` holds, then stops them and waits for them to finish. */
async function runWorkersUntil(done: () => Promise<boolean>, n = 1, extra: Partial<WorkerOptions> = {}, timeoutMs = 25_000) {
  const ac = new AbortController();
  const workers = Array.from({ length: n }, (_, i) =>
    runWorker({ signal: ac.signal, database: t.db, api: api(), concurrency: 2, pollMs: 50, retryBaseMs: 20, leaseMs: 10_000, workerId: `w${i}`, ...extra }),
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

describe("the sender against WeChat over HTTP", () => {
  it("sends 2,500 numbers in 3 batches and every number ends Ok or failed with its code", async () => {
    const list = phones(2500);
    wx.failCodes.set(list[7], "LimitExceeded.PhoneNumberDailyLimit");
    wx.failCodes.set(list[2222], "InvalidParameterValue.IncorrectPhoneNumber");
    const task = await newTask({ kind: "phones", phones: list });
    expect(task).toMatchObject({ totalCount: 2500, batchCount: 3 });
    expect((await batches(task.taskId)).map((b) => b.phone_count)).toEqual([1000, 1000, 500]);

    await runWorkersUntil(reported(task.taskId));

    expect(await statusCounts(task.taskId)).toEqual({ sent: 2498, failed: 2 });
    const failed = await t.db.$client.query("select phone, code from send_recipients where task_id = $1 and status = 'failed' order by phone", [task.taskId]);
    expect(failed.rows).toEqual([
      { phone: list[7], code: "LimitExceeded.PhoneNumberDailyLimit" },
      { phone: list[2222], code: "InvalidParameterValue.IncorrectPhoneNumber" },
    ]);
    const serials = await t.db.$client.query("select count(distinct serial_no)::int as n from send_recipients where task_id = $1", [task.taskId]);
    expect(serials.rows[0].n).toBe(2500);
    expect(new Set(wx.sent).size).toBe(wx.sent.length);
    expect(wx.sent.length).toBe(2498);
    expect((await batches(task.taskId)).map((b) => b.state)).toEqual(["done", "done", "done"]);
    expect(await taskRow(task.taskId)).toMatchObject({ status: "done", reported_count: 2498 });
    expect(wx.reports).toEqual([
      { report_action: "sendSmsTask", env_id: "test-env", activity_id: "act-1", task_id: task.taskId, phone_count: "2498" },
    ]);
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
    for (const p of [list[0], list[1], list[10], list[1400]]) expect(wx.sent).not.toContain(p);
    expect(wx.sent.length).toBe(1496);
    expect(wx.reports.at(-1)).toMatchObject({ task_id: task.taskId, phone_count: "1496" });
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
    wx.faults.busyNext = 3;
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(reported(task.taskId));
    expect(await statusCounts(task.taskId)).toEqual({ sent: 1200 });
    expect(wx.sent.length).toBe(1200);
    expect(new Set(wx.sent).size).toBe(1200);
    const attempts = (await batches(task.taskId)).reduce((s, b) => s + b.attempts, 0);
    expect(attempts).toBe(2 + 3);
  });

  it("fails a batch that is still refused after the attempt limit, with the errcode on every number", async () => {
    const list = phones(10);
    wx.faults.busyNext = 100;
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(reported(task.taskId));
    const [b] = await batches(task.taskId);
    expect(b).toMatchObject({ state: "failed", attempts: 5, failed_count: 10 });
    expect(b.error).toContain("-1");
    const codes = await t.db.$client.query("select distinct code from send_recipients where task_id = $1", [task.taskId]);
    expect(codes.rows).toEqual([{ code: "-1" }]);
    expect(wx.sent.length).toBe(0);
    expect(wx.reports.at(-1)).toMatchObject({ task_id: task.taskId, phone_count: "0" });
  });

  it("makes a batch whose connection dropped uncertain and never resends it on its own", async () => {
    const list = phones(1500);
    wx.faults.dropNext = 1;
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(async () => (await batches(task.taskId)).every((b) => b.state !== "pending" && b.state !== "in_flight"));
    // Keep a worker running a while longer: nothing more may go out.
    const sentBefore = wx.sent.length;
    await runWorkersUntil(async () => false, 2, {}, 1_000);
    expect(wx.sent.length).toBe(sentBefore);

    const states = (await batches(task.taskId)).map((b) => b.state).sort();
    expect(states).toEqual(["done", "uncertain"]);
    expect(new Set(wx.sent).size).toBe(wx.sent.length);
    expect(wx.sent.length).toBe(1500); // the dropped call did send
    const counts = await statusCounts(task.taskId);
    expect(counts.uncertain + counts.sent).toBe(1500);
    expect((await taskRow(task.taskId)).finished_at).toBeNull();

    const uncertain = (await batches(task.taskId)).find((b) => b.state === "uncertain");
    expect(await markBatchSent(t.db, task.taskId, Number(uncertain.id))).toBe(true);
    await runWorkersUntil(reported(task.taskId));
    expect(await statusCounts(task.taskId)).toEqual({ sent: 1500 });
    expect(wx.reports.at(-1)).toMatchObject({ task_id: task.taskId, phone_count: "1500" });
    expect(wx.sent.length).toBe(1500);
  });

  it("resends an uncertain batch only when a person asks", async () => {
    const list = phones(5);
    wx.faults.dropNext = 1;
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(async () => (await batches(task.taskId))[0].state === "uncertain");
    const [b] = await batches(task.taskId);
    expect(await resendUncertainBatch(t.db, task.taskId, Number(b.id))).toBe(true);
    await runWorkersUntil(reported(task.taskId));
    expect(wx.sent.filter((p) => list.includes(p)).length).toBe(10);
    expect(await statusCounts(task.taskId)).toEqual({ sent: 5 });
  });

  it("turns a batch whose worker died mid-send into uncertain when its lease runs out", async () => {
    const task = await newTask({ kind: "phones", phones: phones(3) });
    const claim = await claimNextBatch(t.db, { workerId: "dead", leaseMs: 1, marketingAllowed: true });
    expect(claim?.taskId).toBe(task.taskId);
    await new Promise((r) => setTimeout(r, 20));
    expect(await expireLeases(t.db)).toBe(1);
    expect(await statusCounts(task.taskId)).toEqual({ uncertain: 3 });
    await cancelTask(t.db, task.taskId);
  });

  it("never lets two workers send the same number", async () => {
    const list = phones(8000);
    wx.faults.latencyMs = 5;
    const task = await newTask({ kind: "phones", phones: list });
    await runWorkersUntil(reported(task.taskId), 3);
    expect(wx.sent.length).toBe(8000);
    expect(new Set(wx.sent).size).toBe(8000);
    const claimers = await t.db.$client.query("select count(distinct claimed_by)::int as n from send_batches where task_id = $1", [task.taskId]);
    expect(claimers.rows[0].n).toBeGreaterThan(1);
    expect(wx.reports.filter((r) => r.task_id === task.taskId)).toHaveLength(1);
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
    await recordAnswer(t.db, claim!, claim!.phones.map((p, i) => ({ serialNo: `s${i}`, phoneNumber: p, code: "Ok", message: "" })));
    await runWorkersUntil(reported(task.taskId));
    expect(await taskRow(task.taskId)).toMatchObject({ status: "cancelled", reported_count: 1000 });
  });
});
