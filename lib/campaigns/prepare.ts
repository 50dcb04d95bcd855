import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import type { PreparableSource } from "@/lib/db/schema/campaigns";
import { sourceQuery } from "./create-task";

/** Batches prepared per transaction: a few thousand rows, so a round commits in milliseconds. */
export const PREPARE_ROUND = 20;

interface UnpreparedBatch {
  id: string;
  task_id: string;
  state: "pending" | "cancelled";
  phone_count: number;
  first_phone: string;
  end_phone: string | null;
  source: PreparableSource;
}

/**
 * Writes the recipient rows of up to `PREPARE_ROUND` batches that a large task left unprepared at creation
 * (lib/campaigns/create-task.ts), oldest first, in one transaction; returns how many it prepared. Any number of
 * workers may call it at once: each locks the batches it takes, and a batch is prepared once.
 *
 * A batch's numbers are its task's source in its phone range, minus the opt-out list as it is now. A number that
 * opted out since the task was made is left out and counted with those left out at creation, so the task's total
 * stays the number of rows; a batch left with none is done. Rows of a batch cancelled meanwhile are written
 * cancelled, so the ledger still lists every number of the task.
 */
export async function prepareBatches(database: Db): Promise<number> {
  return inTransaction(database, async (c) => {
    const picked = await c.query<UnpreparedBatch>(
      `select b.id, b.task_id, b.state, b.phone_count, b.first_phone, b.end_phone, t.source
       from send_batches b join send_tasks t on t.id = b.task_id
       where not b.prepared
       order by b.id
       limit $1
       for update of b skip locked`,
      [PREPARE_ROUND],
    );
    for (const batch of picked.rows) {
      const src = sourceQuery(batch.source, 6);
      const written = await c.query(
        `insert into send_recipients (task_id, batch_id, phone, status)
         select $1, $2, source.phone, $3
         from (${src.text}) source
         where source.phone >= $4 and ($5::text is null or source.phone < $5) and not exists (select 1 from suppressions s where s.phone = source.phone)`,
        [batch.task_id, batch.id, batch.state === "cancelled" ? "cancelled" : "pending", batch.first_phone, batch.end_phone, ...src.params],
      );
      const numbers = written.rowCount ?? 0;
      const empty = numbers === 0 && batch.state === "pending";
      await c.query(
        `update send_batches set prepared = true, phone_count = $2, updated_at = now(),
           state = case when $3 then 'done' else state end, finished_at = case when $3 then now() else finished_at end
         where id = $1`,
        [batch.id, numbers, empty],
      );
      if (numbers !== batch.phone_count) {
        await c.query("update send_tasks set total_count = total_count + $2, suppressed_at_creation = suppressed_at_creation - $2 where id = $1", [
          batch.task_id,
          numbers - batch.phone_count,
        ]);
      }
    }
    return picked.rows.length;
  });
}

/** Prepares batches until none is left or `signal` aborts; returns how many it prepared. */
export async function prepareAll(database: Db, signal?: AbortSignal): Promise<number> {
  let prepared = 0;
  while (!signal?.aborted) {
    const round = await prepareBatches(database);
    if (round === 0) break;
    prepared += round;
  }
  return prepared;
}
