import { sql } from "drizzle-orm";
import { bigserial, bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * The send ledger (ARCHITECTURE.md, "Storage and scale"). A task owns batches of at most 1000 numbers,
 * made when the task is created; the batch row is what a worker claims and what carries the state.
 * One recipient row per (task, phone) keeps WeChat's answer for that number.
 */

export type SmsType = "Marketing" | "Notification";
/** running → done, or cancelled; paused stops claiming until resumed. */
export type TaskStatus = "running" | "paused" | "cancelled" | "done";
export type BatchState = "pending" | "in_flight" | "done" | "failed" | "uncertain" | "cancelled";
/** A task's source as stored for preparing its batches later (lib/campaigns/create-task's `RecipientSource`, not a list). */
export type PreparableSource =
  | { kind: "audience"; audienceId: string }
  /** "Resend to the failed ones": the numbers of an earlier task that ended failed. */
  | { kind: "failedOf"; taskId: string }
  /** One variant of an A/B test (0 = A), from the test's split (lib/abtests). */
  | { kind: "abVariant"; testId: string; variant: number }
  /** The numbers of an A/B test in no variant: they get the winner. */
  | { kind: "abRemainder"; testId: string };
export type RecipientStatus = "pending" | "sent" | "failed" | "skipped" | "uncertain" | "cancelled";

export const sendTasks = pgTable(
  "send_tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().default(""),
    activityId: text("activity_id").notNull(),
    smsType: text("sms_type").$type<SmsType>().notNull(),
    content: text("content"),
    path: text("path"),
    templateId: text("template_id"),
    templateParams: jsonb("template_params").$type<string[]>(),
    useShortName: boolean("use_short_name").notNull().default(false),
    /** The SMS as previewed when the task was made (signature, link placeholder, opt-out text). */
    previewText: text("preview_text").notNull().default(""),
    audienceId: uuid("audience_id"),
    /** The task this one resends the failed numbers of. */
    resendOf: uuid("resend_of"),
    /**
     * Where the numbers of batches not yet prepared are read from (a `RecipientSource` of lib/campaigns/create-task,
     * never an explicit list of numbers, which is prepared whole at creation). Null when every batch was prepared then.
     */
    source: jsonb("source").$type<PreparableSource>(),
    status: text("status").$type<TaskStatus>().notNull().default("running"),
    /** Nothing is claimed before this instant ("send at a chosen time"). */
    sendAt: timestamp("send_at", { withTimezone: true }).notNull().defaultNow(),
    totalCount: integer("total_count").notNull().default(0),
    /** Numbers left out at creation because they were on the opt-out list. */
    suppressedAtCreation: integer("suppressed_at_creation").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** `report sendSmsTask`: claimed atomically so it goes out once, then stamped when WeChat accepted it. */
    reportClaimedAt: timestamp("report_claimed_at", { withTimezone: true }),
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    reportedCount: integer("reported_count"),
    reportAttempts: integer("report_attempts").notNull().default(0),
    /** Why the last `report sendSmsTask` failed: a `FailureCode` (lib/campaigns/failure.ts); `report_error` is its detail. */
    reportErrorCode: text("report_error_code"),
    reportError: text("report_error"),
    /** Made by the browser once per click (createSendTask): a replay finds this task instead of making another. */
    requestId: uuid("request_id").unique(),
  },
  (t) => [index("send_tasks_created_at").on(t.createdAt)],
);

/** The ledger of test sends (lib/campaigns/test-send.ts): who sent what to which numbers, with WeChat's answers. */
export const testSends = pgTable(
  "test_sends",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    activityId: text("activity_id").notNull(),
    smsType: text("sms_type").$type<SmsType>().notNull(),
    phones: text("phones").array().notNull(),
    previewText: text("preview_text").notNull(),
    /** An admin sent a marketing test outside the allowed hours. */
    overrodeAllowedHours: boolean("overrode_allowed_hours").notNull().default(false),
    results: jsonb("results").$type<Array<{ phone: string; code: string; message: string; serialNo: string }>>(),
    /** Why the call failed: a `FailureCode` (lib/campaigns/failure.ts); `error` is its detail (WeChat's errmsg). */
    errorCode: text("error_code"),
    error: text("error"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("test_sends_user_at").on(t.userId, t.at)],
);

export const sendBatches = pgTable(
  "send_batches",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => sendTasks.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    state: text("state").$type<BatchState>().notNull().default("pending"),
    phoneCount: integer("phone_count").notNull(),
    /**
     * False until the batch's recipient rows are written. A large task writes its first batches when it is made; the
     * rest are written once, with their answers, when they are sent (lib/campaigns/claim.ts), or by
     * lib/campaigns/prepare.ts when they end otherwise (cancelled, uncertain, failed). An unprepared batch's numbers are
     * those of the task's source from `first_phone` up to, not including, `end_phone` (no end: to the last), minus opt-outs.
     */
    prepared: boolean("prepared").notNull().default(true),
    firstPhone: text("first_phone"),
    endPhone: text("end_phone"),
    sentCount: integer("sent_count").notNull().default(0),
    failedCount: integer("failed_count").notNull().default(0),
    skippedCount: integer("skipped_count").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** A fresh token per claim: only the holder of the current claim may record the answer. */
    claimToken: uuid("claim_token"),
    claimedBy: text("claimed_by"),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    /** Why the last attempt failed or is uncertain: a `FailureCode` (lib/campaigns/failure.ts); `error` is its detail. */
    errorCode: text("error_code"),
    error: text("error"),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("send_batches_task").on(t.taskId, t.seq),
    index("send_batches_claimable").on(t.nextAttemptAt, t.id).where(sql`state = 'pending'`),
    index("send_batches_cancelled_unprepared").on(t.id).where(sql`state = 'cancelled' and not prepared`),
    index("send_batches_in_flight").on(t.leaseUntil).where(sql`state = 'in_flight'`),
  ],
);

/**
 * No foreign keys here: a per-row check cost 3–6 s of a million-number task creation. Rows are written by task
 * creation and, for a large task's later batches, when the batch is answered or ends unsent (lib/campaigns/claim.ts,
 * prepare.ts). Stored with fillfactor 40
 * (migration 0013, which Drizzle's table builder cannot express) so that writing a batch's answers is a HOT update.
 */
export const sendRecipients = pgTable(
  "send_recipients",
  {
    taskId: uuid("task_id").notNull(),
    batchId: bigint("batch_id", { mode: "number" }).notNull(),
    phone: text("phone").notNull(),
    status: text("status").$type<RecipientStatus>().notNull().default("pending"),
    serialNo: text("serial_no"),
    code: text("code"),
    message: text("message"),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.phone] }), index("send_recipients_batch").on(t.batchId)],
);
