import { and, asc, count, desc, eq, gt, isNotNull, type SQL } from "drizzle-orm";
import { showPhone } from "@/lib/audiences/phone";
import type { PhoneView } from "@/lib/auth/roles";
import { csvRow } from "@/lib/csv";
import type { Db } from "@/lib/db";
import { sendRecipients, type BatchState, type RecipientStatus, type SmsType, type TaskStatus } from "@/lib/db/schema/campaigns";
import { isWithinAllowedHours, nextAllowedTime, type AllowedHours } from "./allowed-hours";

/** What the task page shows, computed from the batch rows (≤ 1000 per million numbers), never the ledger. */
export interface TaskProgress {
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
  reportError: string | null;
  resendOf: string | null;
  total: number;
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
  uncertain: number;
  cancelled: number;
  suppressedAtCreation: number;
  /** Numbers finished per minute over the last 5 minutes of sending. */
  ratePerMinute: number;
  secondsLeft: number | null;
  /** Set when the task is due but held: until its send time or until the allowed hours open. */
  waitingUntil: string | null;
  waitingFor: "sendAt" | "allowedHours" | null;
  uncertainBatches: Array<{ id: number; seq: number; numbers: number; error: string | null; since: string }>;
  retrying: number;
}

export async function getTaskProgress(database: Db, taskId: string, allowedHours: AllowedHours, now = new Date()): Promise<TaskProgress | null> {
  const t = await database.$client.query(
    `select t.*,
       (select json_agg(b order by b.seq) from (
          select id, seq, phone_count - skipped_count - sent_count - failed_count as numbers, error, updated_at as since
          from send_batches where task_id = t.id and state = 'uncertain') b) as uncertain_batches,
       x.*
     from send_tasks t,
     lateral (
       select coalesce(sum(sent_count), 0)::int as sent, coalesce(sum(failed_count), 0)::int as failed,
              coalesce(sum(skipped_count), 0)::int as skipped,
              coalesce(sum(phone_count - skipped_count) filter (where state in ('pending', 'in_flight')), 0)::int as pending,
              coalesce(sum(phone_count - skipped_count - sent_count - failed_count) filter (where state = 'uncertain'), 0)::int as uncertain,
              coalesce(sum(phone_count - skipped_count - sent_count - failed_count) filter (where state = 'cancelled'), 0)::int as cancelled,
              coalesce(sum(sent_count + failed_count) filter (where finished_at > now() - interval '5 minutes'), 0)::int as recent,
              extract(epoch from now() - greatest(min(claimed_at), now() - interval '5 minutes'))::float as window_s,
              count(*) filter (where state = 'pending' and attempts > 0)::int as retrying
       from send_batches where task_id = t.id) x
     where t.id = $1`,
    [taskId],
  );
  const r = t.rows[0];
  if (!r) return null;
  const windowMinutes = r.window_s ? Math.max(r.window_s / 60, 1 / 60) : 0;
  const ratePerMinute = windowMinutes > 0 ? Math.round(r.recent / windowMinutes) : 0;
  let waitingUntil: Date | null = null;
  let waitingFor: TaskProgress["waitingFor"] = null;
  if (r.status === "running" && r.pending > 0) {
    const sendAt = new Date(r.send_at);
    if (sendAt > now) {
      waitingFor = "sendAt";
      waitingUntil = r.sms_type === "Marketing" ? nextAllowedTime(sendAt, allowedHours) : sendAt;
    } else if (r.sms_type === "Marketing" && !isWithinAllowedHours(now, allowedHours)) {
      waitingFor = "allowedHours";
      waitingUntil = nextAllowedTime(now, allowedHours);
    }
  }
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    name: r.name,
    activityId: r.activity_id,
    smsType: r.sms_type,
    status: r.status,
    previewText: r.preview_text,
    sendAt: iso(r.send_at)!,
    createdAt: iso(r.created_at)!,
    finishedAt: iso(r.finished_at),
    reportedAt: iso(r.reported_at),
    reportedCount: r.reported_count,
    reportError: r.report_error,
    resendOf: r.resend_of,
    total: r.total_count,
    sent: r.sent,
    failed: r.failed,
    skipped: r.skipped,
    pending: r.pending,
    uncertain: r.uncertain,
    cancelled: r.cancelled,
    suppressedAtCreation: r.suppressed_at_creation,
    ratePerMinute,
    secondsLeft: ratePerMinute > 0 && r.pending > 0 ? Math.round((r.pending / ratePerMinute) * 60) : null,
    waitingUntil: iso(waitingUntil),
    waitingFor,
    uncertainBatches: (r.uncertain_batches ?? []).map((b: { id: number; seq: number; numbers: number; error: string | null; since: string }) => ({
      id: Number(b.id),
      seq: b.seq,
      numbers: b.numbers,
      error: b.error,
      since: iso(b.since)!,
    })),
    retrying: r.retrying,
  };
}

export interface TaskSummary {
  id: string;
  name: string;
  activityId: string;
  smsType: SmsType;
  status: TaskStatus;
  total: number;
  sent: number;
  failed: number;
  uncertain: number;
  createdAt: Date;
  sendAt: Date;
  finishedAt: Date | null;
  createdByEmail: string | null;
}

interface TaskListRow {
  id: string;
  name: string;
  activity_id: string;
  sms_type: SmsType;
  status: TaskStatus;
  total_count: number;
  created_at: Date;
  send_at: Date;
  finished_at: Date | null;
  email: string | null;
  sent: number;
  failed: number;
  uncertain: number;
}

export async function listTasks(database: Db, limit = 200): Promise<TaskSummary[]> {
  const r = await database.$client.query<TaskListRow>(
    `select t.id, t.name, t.activity_id, t.sms_type, t.status, t.total_count, t.created_at, t.send_at, t.finished_at, u.email,
       x.sent, x.failed, x.uncertain
     from send_tasks t
     left join users u on u.id = t.created_by,
     lateral (select coalesce(sum(sent_count), 0)::int as sent, coalesce(sum(failed_count), 0)::int as failed,
                     coalesce(sum(phone_count - skipped_count - sent_count - failed_count) filter (where state = 'uncertain'), 0)::int as uncertain
              from send_batches where task_id = t.id) x
     order by t.created_at desc limit $1`,
    [limit],
  );
  return r.rows.map((x) => ({
    id: x.id,
    name: x.name,
    activityId: x.activity_id,
    smsType: x.sms_type,
    status: x.status,
    total: x.total_count,
    sent: x.sent,
    failed: x.failed,
    uncertain: x.uncertain,
    createdAt: x.created_at,
    sendAt: x.send_at,
    finishedAt: x.finished_at,
    createdByEmail: x.email,
  }));
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

/** The answer codes of a task with how many numbers got each, for the results filter. */
export async function recipientCodes(database: Db, taskId: string): Promise<Array<{ code: string; count: number }>> {
  const n = count();
  const rows = await database
    .select({ code: sendRecipients.code, count: n })
    .from(sendRecipients)
    .where(and(eq(sendRecipients.taskId, taskId), isNotNull(sendRecipients.code)))
    .groupBy(sendRecipients.code)
    .orderBy(desc(n))
    .limit(50);
  return rows.map((x) => ({ code: x.code!, count: x.count }));
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
