import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";

/**
 * What a marketer can do to a running task. Each returns whether anything changed, so an action can
 * tell "done" from "that was no longer possible" (e.g. cancelling a task that just finished).
 */

export async function pauseTask(database: Db, taskId: string): Promise<boolean> {
  const res = await database.$client.query("update send_tasks set status = 'paused' where id = $1 and status = 'running'", [taskId]);
  return res.rowCount === 1;
}

export async function resumeTask(database: Db, taskId: string): Promise<boolean> {
  const res = await database.$client.query("update send_tasks set status = 'running' where id = $1 and status = 'paused'", [taskId]);
  return res.rowCount === 1;
}

/** Stops everything not yet claimed; batches already in flight finish and keep their answers. */
export async function cancelTask(database: Db, taskId: string): Promise<boolean> {
  return inTransaction(database, async (client) => {
    const res = await client.query(
      "update send_tasks set status = 'cancelled' where id = $1 and status in ('running', 'paused') returning id",
      [taskId],
    );
    if (res.rowCount === 1) {
      // Batches a worker holds right now are locked and skipped here; they are in flight, not pending.
      await client.query(
        `with b as (
           update send_batches set state = 'cancelled', finished_at = now(), updated_at = now()
           where task_id = $1 and state = 'pending' returning id
         )
         update send_recipients set status = 'cancelled' where batch_id in (select id from b) and status = 'pending'`,
        [taskId],
      );
    }
    return res.rowCount === 1;
  });
}

/** A person decided an uncertain batch was not sent: it goes out again (its numbers may get it twice). */
export async function resendUncertainBatch(database: Db, taskId: string, batchId: number): Promise<boolean> {
  return inTransaction(database, async (client) => {
    const res = await client.query(
      `update send_batches b set state = 'pending', next_attempt_at = now(), error = null, updated_at = now()
       from send_tasks t
       where b.id = $2 and b.task_id = $1 and b.state = 'uncertain' and t.id = b.task_id and t.status in ('running', 'paused')
       returning b.id`,
      [taskId, batchId],
    );
    if (res.rowCount === 1) {
      await client.query("update send_recipients set status = 'pending' where batch_id = $1 and status = 'uncertain'", [batchId]);
    }
    return res.rowCount === 1;
  });
}

/** A person decided an uncertain batch did go out (e.g. recipients got it): count its numbers as sent. */
export async function markBatchSent(database: Db, taskId: string, batchId: number): Promise<boolean> {
  const res = await database.$client.query(
    `with b as (
       update send_batches set state = 'done', finished_at = now(), updated_at = now(), error = null,
         sent_count = sent_count + (select count(*) from send_recipients where batch_id = $2 and status = 'uncertain')
       where id = $2 and task_id = $1 and state = 'uncertain' returning id
     ), r as (
       update send_recipients set status = 'sent', code = 'MarkedSent', message = 'marked sent by a person'
       where batch_id in (select id from b) and status = 'uncertain' returning 1
     )
     select count(*) as n from b`,
    [taskId, batchId],
  );
  return Number(res.rows[0].n) === 1;
}
