import { index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { SmsType } from "./campaigns";
import type { PickReason } from "../../abtests/pick";
import { users } from "./auth";

/**
 * A/B tests of SMS copy (lib/abtests). The audience's eligible numbers are split once, at creation, into the
 * variants and the remainder (`ab_test_members`); each variant is an ordinary send task with a channel of its own;
 * at the pick the winner goes to the remainder as one more ordinary task.
 */

/** testing: the variants are out, the pick is scheduled; manual: waiting for a person; picked: the winner is sent. */
export type AbTestStatus = "testing" | "manual" | "picked" | "cancelled";
/** Why a test waits for a person: the marketer chose a manual pick, the figures stayed unreadable, or were too few. */
export type AbManualReason = "chosen" | "unreadable" | "notEnoughData";

export const abTests = pgTable(
  "ab_tests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    activityId: text("activity_id").notNull(),
    audienceId: uuid("audience_id").notNull(),
    smsType: text("sms_type").$type<SmsType>().notNull(),
    /** Notification tests: the one template whose parameters vary. */
    templateId: text("template_id"),
    /** 5–50 (%). */
    testShare: integer("test_share").notNull(),
    criterion: text("criterion").$type<"h5" | "wxapp">().notNull(),
    waitHours: integer("wait_hours").notNull(),
    pickMode: text("pick_mode").$type<"auto" | "manual">().notNull(),
    /** Orders the numbers for the split (lib/abtests/split.ts): the same seed gives the same split. */
    seed: text("seed").notNull(),
    status: text("status").$type<AbTestStatus>().notNull().default("testing"),
    manualReason: text("manual_reason").$type<AbManualReason>(),
    /** When the pick is (next) due; the scheduled job's time. */
    pickDueAt: timestamp("pick_due_at", { withTimezone: true }),
    /** Why the last pick attempt could not read the figures (it retries; 6 hours after the due time a person picks). */
    lastPickError: text("last_pick_error"),
    pickedVariant: smallint("picked_variant"),
    pickedAt: timestamp("picked_at", { withTimezone: true }),
    /** null for the automatic pick. */
    pickedBy: uuid("picked_by").references(() => users.id),
    /** The figures and the reasoning the pick was made on (lib/abtests/pick.ts PickReason). */
    pickReason: jsonb("pick_reason").$type<PickReason>(),
    winnerTaskId: uuid("winner_task_id"),
    /** The winner task's name, in the creator's language, with `{label}` for the winning variant's letter. */
    winnerTaskName: text("winner_task_name").notNull().default(""),
    eligibleCount: integer("eligible_count").notNull().default(0),
    remainderCount: integer("remainder_count").notNull().default(0),
    suppressedAtCreation: integer("suppressed_at_creation").notNull().default(0),
    sendAt: timestamp("send_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Made by the browser once per click (as for campaigns): a replay or double click finds the test the first made. */
    requestId: uuid("request_id").unique(),
  },
  (t) => [index("ab_tests_created_at").on(t.createdAt)],
);

export const abTestVariants = pgTable(
  "ab_test_variants",
  {
    testId: uuid("test_id")
      .notNull()
      .references(() => abTests.id, { onDelete: "cascade" }),
    /** 0 = A, 1 = B, … */
    idx: smallint("idx").notNull(),
    /** The activity's custom channel made for this variant; its SMS link carries it. */
    channelId: text("channel_id").notNull(),
    taskId: uuid("task_id").notNull(),
    content: text("content"),
    templateParams: jsonb("template_params").$type<string[]>(),
    size: integer("size").notNull(),
  },
  (t) => [primaryKey({ columns: [t.testId, t.idx] }), index("ab_test_variants_channel").on(t.channelId)],
);

/**
 * The split: one row per eligible number, in exactly one variant or (variant null) in the remainder. The primary key
 * is what guarantees a number never gets two variants, or a variant and the winner.
 */
export const abTestMembers = pgTable(
  "ab_test_members",
  {
    testId: uuid("test_id").notNull(),
    phone: text("phone").notNull(),
    variant: smallint("variant"),
  },
  (t) => [primaryKey({ columns: [t.testId, t.phone] }), index("ab_test_members_variant").on(t.testId, t.variant)],
);
