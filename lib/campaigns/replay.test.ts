import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { auditEntries } from "@/test/audit";
import { eq, like } from "drizzle-orm";
import { sendBatches, sendTasks, users } from "@/lib/db/schema";
import { createSendTask, type NewSendTask } from "./create-task";
import { resendFailedNumbers } from "./resend";
import { sendCampaign } from "./send";

/** A send cannot be made twice by a replayed request or a double click: the request ID is unique in the database. */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

let base = 13_500_000_000;
const phones = (k: number) => Array.from({ length: k }, () => `+86${base++}`);
const task = (over: Partial<NewSendTask>): NewSendTask => ({
  name: "replay", activityId: "act", smsType: "Marketing", content: "hi", path: "/landing", useShortName: false, previewText: "hi",
  createdBy: null, source: { kind: "phones", phones: phones(3) }, ...over,
});
const countTasks = (name: string) => t.db.$count(sendTasks, like(sendTasks.name, `${name}%`));

describe("request IDs", () => {
  it("answers parallel requests with one request ID with the one task the first made", async () => {
    const requestId = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => createSendTask(t.db, task({ name: "double-click", requestId }))));
    expect(new Set(results.map((r) => r.taskId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results.every((r) => r.totalCount === 3)).toBe(true);
    expect(await countTasks("double-click")).toBe(1);
    expect(await t.db.$count(sendBatches, eq(sendBatches.taskId, results[0].taskId))).toBe(1);
  });

  it("makes a new task for a new request ID", async () => {
    const a = await createSendTask(t.db, task({ name: "two-clicks", requestId: crypto.randomUUID() }));
    const b = await createSendTask(t.db, task({ name: "two-clicks", requestId: crypto.randomUUID() }));
    expect(a.taskId).not.toBe(b.taskId);
    expect(await countTasks("two-clicks")).toBe(2);
  });

  it("resends a task's failed numbers once per resend request, however often the request is replayed", async () => {
    const original = await createSendTask(t.db, task({ name: "resend-me" }));
    await t.db.$client.query("update send_recipients set status = 'failed', code = 'LimitExceeded' where task_id = $1", [original.taskId]);
    const requestId = crypto.randomUUID();
    const replays = await Promise.all(
      Array.from({ length: 3 }, () => resendFailedNumbers(t.db, { taskId: original.taskId, requestId, createdBy: null, nameSuffix: "resend" })),
    );
    const ids = replays.map((r) => (typeof r === "string" ? r : r.taskId));
    expect(new Set(ids).size).toBe(1);
    expect(await countTasks("resend-me (resend)")).toBe(1);
    const resent = await t.db.select({ resendOf: sendTasks.resendOf, content: sendTasks.content }).from(sendTasks).where(eq(sendTasks.id, ids[0]));
    expect(resent).toEqual([{ resendOf: original.taskId, content: "hi" }]);
    expect(await resendFailedNumbers(t.db, { taskId: crypto.randomUUID(), requestId: crypto.randomUUID(), createdBy: null, nameSuffix: "x" })).toBe("no_task");
  });
});

describe("the audit log", () => {
  const newUser = async () => (await t.db.insert(users).values({ email: `${crypto.randomUUID()}@example.com`, passwordHash: "x", role: "marketer" }).returning({ id: users.id }))[0].id;

  it("records who sent what, to how many and for when, once however often the send is replayed", async () => {
    const marketer = await newUser();
    const sendAt = new Date("2026-12-01T02:00:00Z");
    const requestId = crypto.randomUUID();
    const sent = await Promise.all(Array.from({ length: 3 }, () => sendCampaign(t.db, task({ name: "audited", createdBy: marketer, sendAt, requestId }))));
    const entries = (await auditEntries(t.db, "campaign.send")).filter((e) => e.userId === marketer);
    expect(entries).toEqual([
      {
        userId: marketer,
        action: "campaign.send",
        subject: sent[0].taskId,
        details: { name: "audited", activityId: "act", smsType: "Marketing", audienceId: null, numbers: 3, optedOut: 0, sendAt: sendAt.toISOString(), text: "hi" },
      },
    ]);
  });

  it("records a resend to the failed numbers with the task it resends and how many", async () => {
    const marketer = await newUser();
    const original = await createSendTask(t.db, task({ name: "resend-audited" }));
    await t.db.$client.query("update send_recipients set status = 'failed' where task_id = $1", [original.taskId]);
    const requestId = crypto.randomUUID();
    await Promise.all(Array.from({ length: 2 }, () => resendFailedNumbers(t.db, { taskId: original.taskId, requestId, createdBy: marketer, nameSuffix: "resend" })));
    const resent = await t.db.select({ id: sendTasks.id }).from(sendTasks).where(eq(sendTasks.resendOf, original.taskId));
    const entries = (await auditEntries(t.db, "campaign.resend_failed")).filter((e) => e.userId === marketer);
    expect(entries).toEqual([{ userId: marketer, action: "campaign.resend_failed", subject: resent[0].id, details: { resendOf: original.taskId, numbers: 3 } }]);
  });
});
