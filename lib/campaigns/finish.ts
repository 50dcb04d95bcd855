import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { sendTasks } from "@/lib/db/schema/campaigns";
import { storedFailure } from "./failure";
import type { SmsApi } from "./sms-api";

/**
 * A task is finished when none of its batches is pending, in flight or uncertain (an uncertain batch
 * waits for a person to resend it or mark it sent, and the sent count is not known until then).
 * Run by every worker on every tick, so a task whose last two batches ended on two workers at once,
 * each seeing the other's still in flight, is still finished on the next tick.
 */
export async function finishTasks(database: Db): Promise<string[]> {
  // Named, so each connection plans it once: every worker runs it up to four times a second while it sends.
  const res = await database.$client.query<{ id: string }>({
    name: "sender-finish-tasks",
    text: `update send_tasks t set status = case when t.status = 'cancelled' then 'cancelled' else 'done' end, finished_at = now()
     where t.status in ('running', 'cancelled') and t.finished_at is null
       and not exists (select 1 from send_batches b where b.task_id = t.id and b.state in ('pending', 'in_flight', 'uncertain'))
     returning id`,
  });
  return res.rows.map((r) => r.id);
}

/** How long a claimed report waits before another worker may try it again. */
export const REPORT_RETRY_MS = 60_000;

/**
 * Sends `report sendSmsTask` for one finished task, once. The task row is claimed atomically
 * (report_claimed_at) so no two workers report the same task; reported_at is stamped when WeChat
 * accepts it and the task is never reported again. A claim whose worker failed or died is retried
 * after REPORT_RETRY_MS. Returns the task reported, or null when none was due.
 */
export async function reportNextFinishedTask(
  database: Db,
  api: SmsApi,
  retryMs = REPORT_RETRY_MS,
): Promise<{ taskId: string; phoneCount: number; ok: boolean } | null> {
  const claimed = await database.$client.query<{ id: string; activity_id: string; sent: string }>({
    name: "sender-claim-report",
    text: `update send_tasks t set report_claimed_at = now(), report_attempts = report_attempts + 1
     where t.id = (
       select id from send_tasks
       where finished_at is not null and reported_at is null
         and (report_claimed_at is null or report_claimed_at < now() - $1 * interval '1 millisecond')
       order by finished_at limit 1
       for update skip locked
     )
     returning t.id, t.activity_id,
       (select coalesce(sum(sent_count), 0) from send_batches b where b.task_id = t.id) as sent`,
    values: [retryMs],
  });
  if (claimed.rowCount === 0) return null;
  const { id, activity_id, sent } = claimed.rows[0];
  const phoneCount = Number(sent);
  try {
    await api.reportSendSmsTask({ activityId: activity_id, taskId: id, phoneCount: String(phoneCount) });
  } catch (err) {
    const { code, detail } = storedFailure(err);
    await database.update(sendTasks).set({ reportErrorCode: code, reportError: detail }).where(eq(sendTasks.id, id));
    return { taskId: id, phoneCount, ok: false };
  }
  await database
    .update(sendTasks)
    .set({ reportedAt: sql`now()`, reportedCount: phoneCount, reportErrorCode: null, reportError: null })
    .where(and(eq(sendTasks.id, id), isNull(sendTasks.reportedAt)));
  return { taskId: id, phoneCount, ok: true };
}
