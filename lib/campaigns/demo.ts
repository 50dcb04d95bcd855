import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
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
      const inserted = await tx.execute(sql`
        insert into send_tasks (id, name, activity_id, sms_type, content, path, preview_text, status, send_at, total_count, created_at, finished_at,
                                report_claimed_at, reported_at, reported_count)
        values (${s.taskId}, ${`演示发送 ${s.at.toISOString().slice(0, 10)}`}, ${s.activityId}, 'Marketing', ${s.content}, ${s.path},
                ${composeSms(signature, { smsType: "Marketing", content: s.content }, optOutText)}, 'done', ${s.at.toISOString()}, ${s.numbers},
                ${s.at.toISOString()}, ${finishedAt.toISOString()}, ${finishedAt.toISOString()}, ${finishedAt.toISOString()}, ${s.numbers})
        on conflict (id) do nothing returning id`);
      if (inserted.rows.length === 0) continue;
      // The failures spread over the batches in proportion, the last batch taking what rounding leaves.
      const failed = s.numbers - s.delivered;
      const batches = Math.ceil(s.numbers / BATCH_SIZE);
      let failedLeft = failed;
      for (let i = 0; i < batches; i++) {
        const size = Math.min(BATCH_SIZE, s.numbers - i * BATCH_SIZE);
        const f = i === batches - 1 ? failedLeft : Math.min(failedLeft, Math.round((failed * size) / s.numbers));
        failedLeft -= f;
        await tx.execute(sql`
          insert into send_batches (task_id, seq, state, phone_count, sent_count, failed_count, attempts, claimed_at, finished_at, updated_at)
          values (${s.taskId}, ${i}, 'done', ${size}, ${size - f}, ${f}, 1, ${s.at.toISOString()}, ${finishedAt.toISOString()}, ${finishedAt.toISOString()})`);
      }
    }
  });
  return { tasks: sends.length };
}
