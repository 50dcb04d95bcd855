import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createSendTask } from "./create-task";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("creating a send task", () => {
  it("numbers the distinct, not opted-out numbers in phone order into batches of 1000, made in that order", async () => {
    const phones = Array.from({ length: 30_500 }, (_, i) => `+86${13_700_000_000 + i}`);
    const optedOut = [phones[5], phones[29_999]];
    await t.db.$client.query("insert into suppressions (phone) select unnest($1::text[])", [optedOut]);
    // Shuffled, with repeats: the order and the repeats of the input must not matter.
    const input = [...phones, ...phones.slice(0, 100)].sort(() => Math.random() - 0.5);

    const task = await createSendTask(t.db, {
      name: "order", activityId: "a", smsType: "Notification", templateId: "1", templateParams: [], useShortName: false,
      previewText: "", createdBy: null, source: { kind: "phones", phones: input },
    });

    const kept = phones.filter((p) => !optedOut.includes(p));
    expect(task).toMatchObject({ totalCount: kept.length, batchCount: 31, suppressed: 2 });
    const batches = await t.db.$client.query<{ seq: number; phone_count: number; first: string; last: string }>(
      `select b.seq, b.phone_count, min(r.phone) as first, max(r.phone) as last
       from send_batches b join send_recipients r on r.batch_id = b.id where b.task_id = $1 group by b.id order by b.id`,
      [task.taskId],
    );
    // Batch ids follow the numbering, so workers claim the batches in phone order.
    expect(batches.rows.map((b) => b.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    expect(batches.rows.map((b) => [b.phone_count, b.first, b.last])).toEqual(
      Array.from({ length: 31 }, (_, i) => {
        const slice = kept.slice(i * 1000, (i + 1) * 1000);
        return [slice.length, slice[0], slice.at(-1)];
      }),
    );
  });
});
