import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { sendBatches, sendRecipients, sendTasks, type TaskStatus } from "@/lib/db/schema/campaigns";

/**
 * What a marketer can do to a running task. Each returns whether anything changed, so an action can
 * tell "done" from "that was no longer possible" (e.g. cancelling a task that just finished).
 */

/** Moves a task from one status to another, if it is still in the first. */
async function moveTask(database: Db, taskId: string, from: TaskStatus, to: TaskStatus): Promise<boolean> {
  const changed = await database
    .update(sendTasks)
    .set({ status: to })
    .where(and(eq(sendTasks.id, taskId), eq(sendTasks.status, from)))
    .returning({ id: sendTasks.id });
  return changed.length === 1;
}

export const pauseTask = (database: Db, taskId: string) => moveTask(database, taskId, "running", "paused");

export const resumeTask = (database: Db, taskId: string) => moveTask(database, taskId, "paused", "running");

/** Stops everything not yet claimed; batches already in flight finish and keep their answers. */
export async function cancelTask(database: Db, taskId: string): Promise<boolean> {
  return database.transaction(async (tx) => {
    const cancelled = await tx
      .update(sendTasks)
      .set({ status: "cancelled" })
      .where(and(eq(sendTasks.id, taskId), inArray(sendTasks.status, ["running", "paused"])))
      .returning({ id: sendTasks.id });
    if (cancelled.length === 0) return false;
    // Batches a worker holds right now are in flight, not pending: they are left to finish.
    const batches = await tx
      .update(sendBatches)
      .set({ state: "cancelled", finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(sendBatches.taskId, taskId), eq(sendBatches.state, "pending")))
      .returning({ id: sendBatches.id });
    if (batches.length > 0) {
      await tx
        .update(sendRecipients)
        .set({ status: "cancelled" })
        .where(and(inArray(sendRecipients.batchId, batches.map((b) => b.id)), eq(sendRecipients.status, "pending")));
    }
    return true;
  });
}

/** A person decided an uncertain batch was not sent: it goes out again (its numbers may get it twice). */
export async function resendUncertainBatch(database: Db, taskId: string, batchId: number): Promise<boolean> {
  return database.transaction(async (tx) => {
    const reopened = await tx
      .update(sendBatches)
      .set({ state: "pending", nextAttemptAt: sql`now()`, errorCode: null, error: null, updatedAt: sql`now()` })
      .where(
        and(
          eq(sendBatches.id, batchId),
          eq(sendBatches.taskId, taskId),
          eq(sendBatches.state, "uncertain"),
          inArray(sendBatches.taskId, tx.select({ id: sendTasks.id }).from(sendTasks).where(inArray(sendTasks.status, ["running", "paused"]))),
        ),
      )
      .returning({ id: sendBatches.id });
    if (reopened.length === 0) return false;
    await tx
      .update(sendRecipients)
      .set({ status: "pending" })
      .where(and(eq(sendRecipients.batchId, batchId), eq(sendRecipients.status, "uncertain")));
    return true;
  });
}

/** A person decided an uncertain batch did go out (e.g. recipients got it): count its numbers as sent. */
export async function markBatchSent(database: Db, taskId: string, batchId: number): Promise<boolean> {
  return database.transaction(async (tx) => {
    const [batch] = await tx
      .select({ id: sendBatches.id })
      .from(sendBatches)
      .where(and(eq(sendBatches.id, batchId), eq(sendBatches.taskId, taskId), eq(sendBatches.state, "uncertain")))
      .for("update");
    if (!batch) return false;
    const marked = await tx
      .update(sendRecipients)
      .set({ status: "sent", code: "MarkedSent", message: "marked sent by a person" })
      .where(and(eq(sendRecipients.batchId, batchId), eq(sendRecipients.status, "uncertain")))
      .returning({ phone: sendRecipients.phone });
    await tx
      .update(sendBatches)
      .set({ state: "done", finishedAt: sql`now()`, updatedAt: sql`now()`, errorCode: null, error: null, sentCount: sql`${sendBatches.sentCount} + ${marked.length}` })
      .where(eq(sendBatches.id, batchId));
    return true;
  });
}
