import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createSendTask } from "./create-task";
import { sql } from "drizzle-orm";
import { getTaskProgress, listRecipients, listTasks, recipientsCsv } from "./progress";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function newTask(phones: string[]) {
  return createSendTask(t.db, {
    name: "progress", activityId: "act", smsType: "Marketing", content: "hi", path: "/landing", useShortName: false,
    previewText: "hi", createdBy: null, source: { kind: "phones", phones },
  });
}

async function csvOf(taskId: string, phones: "whole" | "masked" = "whole"): Promise<string> {
  let out = "";
  for await (const chunk of recipientsCsv(t.db, taskId, { phones })) out += chunk;
  return out;
}

describe("the recipients export", () => {
  it("escapes answers a spreadsheet would run as formulas, including a leading tab or CR", async () => {
    const task = await newTask(["+8613800138001", "+8613800138002", "+8613800138003"]);
    const messages = ['=HYPERLINK("http://evil.example")', "\t=1+1", "\r@SUM(A1)"];
    for (const [i, m] of messages.entries()) {
      await t.db.$client.query("update send_recipients set status = 'failed', code = 'X', message = $3 where task_id = $1 and phone = $2", [task.taskId, `+861380013800${i + 1}`, m]);
    }
    const lines = (await csvOf(task.taskId)).split("\r\n");
    expect(lines[0]).toBe("phone,status,serial_no,code,message");
    expect(lines[1].endsWith(`,X,"'=HYPERLINK(""http://evil.example"")"`)).toBe(true);
    expect(lines[2].endsWith(",X,'\t=1+1")).toBe(true);
    expect(lines[3].endsWith(`,X,"'\r@SUM(A1)"`)).toBe(true);
  });

  it("shows analysts masked numbers, in the export and in the results page's answer", async () => {
    const task = await newTask(["+8613900139001", "+8613900139002"]);
    const masked = await csvOf(task.taskId, "masked");
    expect(masked).not.toContain("13900139001");
    expect(masked.split("\r\n").slice(1, 3).map((l) => l.split(",")[0])).toEqual(["139****9001", "139****9002"]);
    expect((await csvOf(task.taskId, "whole")).split("\r\n")[1].split(",")[0]).toBe("'+8613900139001");
    const page = await listRecipients(t.db, task.taskId, { page: 1, pageSize: 10, phones: "masked" });
    expect(page.rows.map((r) => r.phone)).toEqual(["139****9001", "139****9002"]);
  });
});

describe("a task's counts", () => {
  it("sum its batches the same way for the task page and the list: sent, failed, pending, uncertain, cancelled", async () => {
    const phones = Array.from({ length: 2500 }, (_, i) => `+86137${String(i).padStart(8, "0")}`);
    const task = await newTask(phones);
    // Batch 0 (1000): 990 sent, 10 failed; batch 1 (1000): uncertain, 400 of them answered; batch 2 (500): cancelled.
    await t.db.execute(sql`update send_batches set state = 'done', sent_count = 990, failed_count = 10, finished_at = now() where task_id = ${task.taskId} and seq = 0`);
    await t.db.execute(sql`update send_batches set state = 'uncertain', sent_count = 400, error = 'timeout' where task_id = ${task.taskId} and seq = 1`);
    await t.db.execute(sql`update send_batches set state = 'cancelled' where task_id = ${task.taskId} and seq = 2`);
    const progress = await getTaskProgress(t.db, task.taskId, { start: "08:00", end: "21:00" });
    expect(progress).toMatchObject({ total: 2500, sent: 1390, failed: 10, skipped: 0, pending: 0, uncertain: 600, cancelled: 500, retrying: 0 });
    expect(progress!.uncertainBatches).toEqual([expect.objectContaining({ seq: 1, numbers: 600, error: "timeout" })]);
    expect(progress!.ratePerMinute).toBeGreaterThan(0);
    const listed = (await listTasks(t.db)).find((x) => x.id === task.taskId);
    expect(listed).toMatchObject({ total: 2500, sent: 1390, failed: 10, uncertain: 600 });
  });

  it("answer no task for an ID that is not a UUID, as for one that names nothing", async () => {
    expect(await getTaskProgress(t.db, "not-a-uuid", { start: "08:00", end: "21:00" })).toBeNull();
    expect(await getTaskProgress(t.db, crypto.randomUUID(), { start: "08:00", end: "21:00" })).toBeNull();
  });
});
