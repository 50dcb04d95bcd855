import { and, asc, count, desc, eq, gt, inArray, isNotNull, min, sql, type SQL } from "drizzle-orm";
import { showPhone } from "@/lib/audiences/phone";
import type { PhoneView } from "@/lib/auth/roles";
import { csvRow } from "@/lib/csv";
import type { Db } from "@/lib/db";
import { users } from "@/lib/db/schema/auth";
import { isUuid } from "@/lib/ids";
import { sendBatches, sendRecipients, sendTasks, type BatchState, type RecipientStatus, type SmsType, type TaskStatus } from "@/lib/db/schema/campaigns";
import { isWithinAllowedHours, nextAllowedTime, type AllowedHours } from "./allowed-hours";

/** What the task page shows, computed from the batch rows (≤ 1000 per million numbers), never the ledger. */
export interface TaskProgress extends TaskCounts {
  id: string;
  name: string;
  activityId: string;
  smsType: SmsType;
  status: TaskStatus;
  previewText: string;
  sendAt: string;
  createdAt: string;
  finishedAt: string | null;
  reportedAt: string | null;
  reportedCount: number | null;
  /** Why the last `report sendSmsTask` failed (a FailureCode, lib/campaigns/failure.ts); null once reported. Rows from before codes have only the detail. */
  reportErrorCode: string | null;
  reportError: string | null;
  resendOf: string | null;
  total: number;
  suppressedAtCreation: number;
  /** Numbers finished per minute over the last 5 minutes of sending. */
  ratePerMinute: number;
  secondsLeft: number | null;
  /** Set when the task is due but held: until its send time or until the allowed hours open. */
  waitingUntil: string | null;
  waitingFor: "sendAt" | "allowedHours" | null;
  /** `errorCode` says why (a FailureCode, lib/campaigns/failure.ts), `error` is its detail; rows from before codes have only the detail. */
  uncertainBatches: Array<{ id: number; seq: number; numbers: number; errorCode: string | null; error: string | null; since: string }>;
  /**
   * Batches that failed for good (a refusal not worth retrying, or the attempts used up), one entry per reason:
   * when WeChat refuses every call, a million numbers make 1000 batches with one reason. `firstSeq` is the first's.
   */
  failedBatches: Array<{ errorCode: string | null; error: string | null; batches: number; numbers: number; firstSeq: number }>;
  retrying: number;
  /**
   * Numbers of a large task's batches whose ledger rows are not written yet: they are written as each batch is sent,
   * or cancelled (lib/campaigns/claim.ts, prepare.ts). Not listed yet.
   */
  preparing: number;
}

/** What a task's batches say about its numbers: the one shape the task page, the task list and A/B variants read. */
export interface TaskCounts {
  sent: number;
  failed: number;
  skipped: number;
  /** Still to send: batches pending or in flight. */
  pending: number;
  /** Numbers of uncertain batches with no answer yet (never resent automatically). */
  uncertain: number;
  cancelled: number;
}

const unanswered = sql`${sendBatches.phoneCount} - ${sendBatches.skippedCount} - ${sendBatches.sentCount} - ${sendBatches.failedCount}`;
const total = (expr: SQL, where?: SQL) => sql<number>`coalesce(sum(${expr})${where ? sql` filter (where ${where})` : sql``}, 0)::int`.mapWith(Number);

const taskCountColumns = {
  sent: total(sql`${sendBatches.sentCount}`),
  failed: total(sql`${sendBatches.failedCount}`),
  skipped: total(sql`${sendBatches.skippedCount}`),
  pending: total(sql`${sendBatches.phoneCount} - ${sendBatches.skippedCount}`, inArray(sendBatches.state, ["pending", "in_flight"])),
  uncertain: total(unanswered, eq(sendBatches.state, "uncertain")),
  cancelled: total(unanswered, eq(sendBatches.state, "cancelled")),
};

const NO_COUNTS: TaskCounts = { sent: 0, failed: 0, skipped: 0, pending: 0, uncertain: 0, cancelled: 0 };

/** The counts of these tasks, summed over their batches (≤ 1000 per million numbers), never the ledger. */
export async function getTaskCounts(database: Db, taskIds: string[]): Promise<Map<string, TaskCounts>> {
  if (taskIds.length === 0) return new Map();
  const rows = await database
    .select({ taskId: sendBatches.taskId, ...taskCountColumns })
    .from(sendBatches)
    .where(inArray(sendBatches.taskId, taskIds))
    .groupBy(sendBatches.taskId);
  return new Map(rows.map(({ taskId, ...counts }) => [taskId, counts]));
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The task page's figures; null for an ID that names no task (or is not a UUID, as in a mistyped URL). */
export async function getTaskProgress(database: Db, taskId: string, allowedHours: AllowedHours, now = new Date()): Promise<TaskProgress | null> {
  if (!isUuid(taskId)) return null;
  const [[task], [figures], uncertainBatches, failedBatches] = await Promise.all([
    database.select().from(sendTasks).where(eq(sendTasks.id, taskId)),
    database
      .select({
        ...taskCountColumns,
        recent: total(sql`${sendBatches.sentCount} + ${sendBatches.failedCount}`, sql`${sendBatches.finishedAt} > now() - interval '5 minutes'`),
        windowSeconds: sql<number>`extract(epoch from now() - greatest(min(${sendBatches.claimedAt}), now() - interval '5 minutes'))::float`.mapWith(Number),
        retrying: sql<number>`(count(*) filter (where ${sendBatches.state} = 'pending' and ${sendBatches.attempts} > 0))::int`.mapWith(Number),
        preparing: total(sql`${sendBatches.phoneCount}`, sql`not ${sendBatches.prepared}`),
      })
      .from(sendBatches)
      .where(eq(sendBatches.taskId, taskId)),
    database
      .select({ id: sendBatches.id, seq: sendBatches.seq, numbers: sql<number>`(${unanswered})::int`.mapWith(Number), errorCode: sendBatches.errorCode, error: sendBatches.error, since: sendBatches.updatedAt })
      .from(sendBatches)
      .where(and(eq(sendBatches.taskId, taskId), eq(sendBatches.state, "uncertain")))
      .orderBy(asc(sendBatches.seq)),
    database
      .select({
        errorCode: sendBatches.errorCode,
        error: sendBatches.error,
        batches: sql<number>`count(*)::int`.mapWith(Number),
        numbers: total(sql`${sendBatches.failedCount}`),
        firstSeq: sql<number>`min(${sendBatches.seq})::int`.mapWith(Number),
      })
      .from(sendBatches)
      .where(and(eq(sendBatches.taskId, taskId), eq(sendBatches.state, "failed")))
      .groupBy(sendBatches.errorCode, sendBatches.error)
      .orderBy(sql`min(${sendBatches.seq})`),
  ]);
  if (!task) return null;
  const { recent, windowSeconds, retrying, preparing, ...counts } = figures;
  const windowMinutes = windowSeconds ? Math.max(windowSeconds / 60, 1 / 60) : 0;
  const ratePerMinute = windowMinutes > 0 ? Math.round(recent / windowMinutes) : 0;
  let waitingUntil: Date | null = null;
  let waitingFor: TaskProgress["waitingFor"] = null;
  if (task.status === "running" && counts.pending > 0) {
    if (task.sendAt > now) {
      waitingFor = "sendAt";
      waitingUntil = task.smsType === "Marketing" ? nextAllowedTime(task.sendAt, allowedHours) : task.sendAt;
    } else if (task.smsType === "Marketing" && !isWithinAllowedHours(now, allowedHours)) {
      waitingFor = "allowedHours";
      waitingUntil = nextAllowedTime(now, allowedHours);
    }
  }
  return {
    id: task.id,
    name: task.name,
    activityId: task.activityId,
    smsType: task.smsType,
    status: task.status,
    previewText: task.previewText,
    sendAt: task.sendAt.toISOString(),
    createdAt: task.createdAt.toISOString(),
    finishedAt: iso(task.finishedAt),
    reportedAt: iso(task.reportedAt),
    reportedCount: task.reportedCount,
    reportErrorCode: task.reportErrorCode,
    reportError: task.reportError,
    resendOf: task.resendOf,
    total: task.totalCount,
    ...counts,
    suppressedAtCreation: task.suppressedAtCreation,
    ratePerMinute,
    secondsLeft: ratePerMinute > 0 && counts.pending > 0 ? Math.round((counts.pending / ratePerMinute) * 60) : null,
    waitingUntil: iso(waitingUntil),
    waitingFor,
    uncertainBatches: uncertainBatches.map((b) => ({ ...b, since: b.since.toISOString() })),
    failedBatches,
    retrying,
    preparing,
  };
}

export interface TaskSummary extends Pick<TaskCounts, "sent" | "failed" | "uncertain"> {
  id: string;
  name: string;
  activityId: string;
  smsType: SmsType;
  status: TaskStatus;
  total: number;
  createdAt: Date;
  sendAt: Date;
  finishedAt: Date | null;
  createdByEmail: string | null;
}

/** The newest tasks, with their counts, for the campaigns list. */
export async function listTasks(database: Db, limit = 200): Promise<TaskSummary[]> {
  const tasks = await database
    .select({
      id: sendTasks.id,
      name: sendTasks.name,
      activityId: sendTasks.activityId,
      smsType: sendTasks.smsType,
      status: sendTasks.status,
      total: sendTasks.totalCount,
      createdAt: sendTasks.createdAt,
      sendAt: sendTasks.sendAt,
      finishedAt: sendTasks.finishedAt,
      createdByEmail: users.email,
    })
    .from(sendTasks)
    .leftJoin(users, eq(users.id, sendTasks.createdBy))
    .orderBy(desc(sendTasks.createdAt))
    .limit(limit);
  const counts = await getTaskCounts(database, tasks.map((x) => x.id));
  return tasks.map((x) => {
    const { sent, failed, uncertain } = counts.get(x.id) ?? NO_COUNTS;
    return { ...x, sent, failed, uncertain };
  });
}

export const RECIPIENT_STATUSES: RecipientStatus[] = ["pending", "sent", "failed", "skipped", "uncertain", "cancelled"];

export interface RecipientFilter {
  status?: RecipientStatus;
  code?: string;
}

function recipientWhere(taskId: string, f: RecipientFilter): SQL | undefined {
  return and(
    eq(sendRecipients.taskId, taskId),
    f.status ? eq(sendRecipients.status, f.status) : undefined,
    f.code ? eq(sendRecipients.code, f.code) : undefined,
  );
}

const recipientColumns = {
  phone: sendRecipients.phone,
  status: sendRecipients.status,
  serialNo: sendRecipients.serialNo,
  code: sendRecipients.code,
  message: sendRecipients.message,
};

export interface RecipientRow {
  phone: string;
  status: RecipientStatus;
  serialNo: string | null;
  code: string | null;
  message: string | null;
}

export async function listRecipients(
  database: Db,
  taskId: string,
  f: RecipientFilter & { page: number; pageSize: number; phones: PhoneView },
): Promise<{ rows: RecipientRow[]; total: number }> {
  const where = recipientWhere(taskId, f);
  const [rows, [total]] = await Promise.all([
    database
      .select(recipientColumns)
      .from(sendRecipients)
      .where(where)
      .orderBy(asc(sendRecipients.phone))
      .limit(Math.min(f.pageSize, 500))
      .offset(Math.max(0, (f.page - 1) * f.pageSize)),
    database.select({ n: count() }).from(sendRecipients).where(where),
  ]);
  return { rows: rows.map((x) => ({ ...x, phone: showPhone(x.phone, f.phones) })), total: total.n };
}

/**
 * The answer codes of a task with how many numbers got each, for the results filter and the reasons summary; with
 * one of the code's messages, which is what a code the page cannot word says (WeChat's message is the same for a code).
 */
export async function recipientCodes(database: Db, taskId: string): Promise<Array<{ code: string; count: number; message: string | null }>> {
  const n = count();
  const rows = await database
    .select({ code: sendRecipients.code, count: n, message: min(sendRecipients.message) })
    .from(sendRecipients)
    .where(and(eq(sendRecipients.taskId, taskId), isNotNull(sendRecipients.code)))
    .groupBy(sendRecipients.code)
    .orderBy(desc(n))
    .limit(50);
  return rows.map((x) => ({ code: x.code!, count: x.count, message: x.message }));
}

/** Streams the ledger rows of a task as CSV, a page at a time, so a million rows never sit in memory. */
export async function* recipientsCsv(database: Db, taskId: string, f: RecipientFilter & { phones: PhoneView }): AsyncGenerator<string> {
  yield csvRow(["phone", "status", "serial_no", "code", "message"]);
  const where = recipientWhere(taskId, f);
  let after = "";
  for (;;) {
    const rows = await database
      .select(recipientColumns)
      .from(sendRecipients)
      .where(and(where, gt(sendRecipients.phone, after)))
      .orderBy(asc(sendRecipients.phone))
      .limit(10_000);
    if (rows.length === 0) return;
    yield rows.map((x) => csvRow([showPhone(x.phone, f.phones), x.status, x.serialNo, x.code, x.message])).join("");
    after = rows[rows.length - 1].phone;
  }
}

export type { BatchState };
