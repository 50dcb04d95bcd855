import type { Db } from "@/lib/db";
import { sendBatches, sendTasks } from "@/lib/db/schema/campaigns";
import type { DemoSend } from "@/lib/emulator/demo";
import { BATCH_SIZE } from "./create-task";
import { composeSms } from "./sms";

/** The demo's price of one billed segment (CNY): what CloudBase SMS packs cost, about 4.5 fen. */
export const DEMO_PRICE_CNY = 0.045;

/**
 * The app-side half of the demo's sends: the send tasks behind the emulator's reported sends, in the send
 * ledger (tasks and their batches, finished, reported), so demo activities have sent and failed counts and a
 * cost. Recipients are not copied: the emulator keeps the numbers (`emu_sms`).
 */
export async function seedDemoLedger(db: Db, sends: readonly DemoSend[], opts: { signature?: string; optOutText?: string } = {}): Promise<{ tasks: number }> {
  if (sends.length === 0) return { tasks: 0 };
  const signature = opts.signature ?? "鸿雁";
  const optOutText = opts.optOutText ?? "拒收请回复R";
  await db.transaction(async (tx) => {
    for (const s of sends) {
      const finishedAt = new Date(s.at.getTime() + 60_000);
      const inserted = await tx
        .insert(sendTasks)
        .values({
          id: s.taskId,
          name: `演示发送 ${s.at.toISOString().slice(0, 10)}`,
          activityId: s.activityId,
          smsType: "Marketing",
          content: s.content,
          path: s.path,
          previewText: composeSms(signature, { smsType: "Marketing", content: s.content }, optOutText),
          status: "done",
          sendAt: s.at,
          totalCount: s.numbers,
          createdAt: s.at,
          finishedAt,
          reportClaimedAt: finishedAt,
          reportedAt: finishedAt,
          reportedCount: s.numbers,
        })
        .onConflictDoNothing({ target: sendTasks.id })
        .returning({ id: sendTasks.id });
      if (inserted.length === 0) continue;
      // The failures spread over the batches in proportion, the last batch taking what rounding leaves.
      const failed = s.numbers - s.delivered;
      const batches = Math.ceil(s.numbers / BATCH_SIZE);
      let failedLeft = failed;
      const rows = Array.from({ length: batches }, (_, i) => {
        const size = Math.min(BATCH_SIZE, s.numbers - i * BATCH_SIZE);
        const f = i === batches - 1 ? failedLeft : Math.min(failedLeft, Math.round((failed * size) / s.numbers));
        failedLeft -= f;
        return { taskId: s.taskId, seq: i, state: "done" as const, phoneCount: size, sentCount: size - f, failedCount: f, attempts: 1, claimedAt: s.at, finishedAt, updatedAt: finishedAt };
      });
      await tx.insert(sendBatches).values(rows);
    }
  });
  return { tasks: sends.length };
}
