import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, real, serial, smallint, text, timestamp, unique } from "drizzle-orm/pg-core";

/**
 * The local CloudBase emulator's own tables (lib/emulator). Nothing else reads them:
 * the app only ever sees them through the emulator's HTTP API, exactly as it would see WeChat.
 */

/** One row (id 1): simulation switches and injected faults, changed over HTTP at /emulator/_control. */
export const emuSettings = pgTable(
  "emu_settings",
  {
    id: smallint("id").primaryKey().default(1),
    /** null: take the environment variable's value (EMULATOR_SIMULATE and friends). */
    simulate: boolean("simulate"),
    openRate: real("open_rate"),
    jumpRate: real("jump_rate"),
    failureRate: real("failure_rate"),
    openDelayMinutes: real("open_delay_minutes"),
    faults: jsonb("faults").$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("emu_settings_one_row", sql`${t.id} = 1`)],
);

export const emuAccessTokens = pgTable(
  "emu_access_tokens",
  {
    token: text("token").primaryKey(),
    appId: text("app_id").notNull(),
    /** 'token' (/cgi-bin/token) or 'stable' (/cgi-bin/stable_token): two independent families, as at WeChat. */
    kind: text("kind").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** When a newer /cgi-bin/token made this one stale; it keeps working for 5 more minutes, then answers 40001. */
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
  },
  (t) => [index("emu_access_tokens_latest").on(t.appId, t.kind, t.issuedAt)],
);

/** Every number of every sendSms call, with its serial number and per-number result. */
export const emuSms = pgTable(
  "emu_sms",
  {
    serialNo: text("serial_no").primaryKey(),
    envId: text("env_id").notNull(),
    phoneNumber: text("phone_number").notNull(),
    smsType: text("sms_type").notNull(),
    content: text("content"),
    path: text("path"),
    templateId: text("template_id"),
    templateParams: jsonb("template_params").$type<string[]>(),
    activityId: text("activity_id"),
    channelId: text("channel_id"),
    code: text("code").notNull(),
    message: text("message").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("emu_sms_env_sent").on(t.envId, t.sentAt)],
);

/** (environment, activity) → a small integer, so the large statistics tables carry 4 bytes instead of two strings. */
export const emuActivityKeys = pgTable(
  "emu_activity_keys",
  {
    id: serial("id").primaryKey(),
    envId: text("env_id").notNull(),
    activityId: text("activity_id").notNull(),
  },
  (t) => [unique("emu_activity_keys_env_activity").on(t.envId, t.activityId)],
);

/** `report sendSmsTask`: where sms_send_uercnt and sms_send_list come from. A repeated report replaces the count. */
export const emuSendTasks = pgTable(
  "emu_send_tasks",
  {
    activityKey: integer("activity_key").notNull(),
    taskId: text("task_id").notNull(),
    phoneCount: bigint("phone_count", { mode: "number" }).notNull(),
    /** China-time day number (days since 1970-01-01 in UTC+8) the report was made on. */
    day: integer("day").notNull(),
    reportedAt: timestamp("reported_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityKey, t.taskId] }), index("emu_send_tasks_day").on(t.activityKey, t.day)],
);

/**
 * Distinct visitors per 5-minute bucket: kind 0 = H5 open (visitor = session), 1 = mini-program open
 * (visitor = OpenID). `visitor` is a 64-bit hash of the identifier. Real-time statistics count rows here.
 */
export const emuBucketVisitors = pgTable(
  "emu_bucket_visitors",
  {
    activityKey: integer("activity_key").notNull(),
    kind: smallint("kind").notNull(),
    channelId: text("channel_id").notNull(),
    /** Unix seconds / 300. */
    bucket: integer("bucket").notNull(),
    visitor: bigint("visitor", { mode: "bigint" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityKey, t.kind, t.channelId, t.bucket, t.visitor] })],
);

/** Distinct visitors per China-time day: a row is inserted only for a visitor's first event of the day. */
export const emuDayVisitors = pgTable(
  "emu_day_visitors",
  {
    activityKey: integer("activity_key").notNull(),
    kind: smallint("kind").notNull(),
    channelId: text("channel_id").notNull(),
    day: integer("day").notNull(),
    visitor: bigint("visitor", { mode: "bigint" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityKey, t.kind, t.channelId, t.day, t.visitor] })],
);

/**
 * Daily distinct-visitor counts, the overview's source: a sum over at most days × channels × shards rows,
 * whatever the volume. Writers pick a random shard so that concurrent reports do not queue on one row.
 */
export const emuDayCounts = pgTable(
  "emu_day_counts",
  {
    activityKey: integer("activity_key").notNull(),
    kind: smallint("kind").notNull(),
    channelId: text("channel_id").notNull(),
    day: integer("day").notNull(),
    shard: smallint("shard").notNull(),
    users: bigint("users", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityKey, t.kind, t.channelId, t.day, t.shard] })],
);

/**
 * Simulated recipients' future H5 and mini-program opens. Each statistics query first moves the ones that are
 * due (at <= now) into the tables above, so the charts move as time passes with no background job.
 */
export const emuScheduledEvents = pgTable(
  "emu_scheduled_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    activityKey: integer("activity_key").notNull(),
    kind: smallint("kind").notNull(),
    channelId: text("channel_id").notNull(),
    visitor: bigint("visitor", { mode: "bigint" }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("emu_scheduled_events_at").on(t.at)],
);

/** URL schemes from /wxa/generatescheme; the ticket is what `weixin://dl/business/?t=` carries. */
export const emuSchemes = pgTable("emu_schemes", {
  ticket: text("ticket").primaryKey(),
  path: text("path").notNull(),
  query: text("query").notNull(),
  envVersion: text("env_version").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
});

/** Demo mini-program users whose cloudIDs resolve to phone numbers through /wxa/getopendata. */
export const emuOpenUsers = pgTable("emu_open_users", {
  cloudId: text("cloud_id").primaryKey(),
  openid: text("openid").notNull().unique(),
  phoneNumber: text("phone_number").notNull(),
});
