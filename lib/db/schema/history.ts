import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * The statistics store (lib/history): a daily copy of getStatistics per activity × China day, so trends,
 * comparisons and costs need no live call and survive WeChat's retention and outages.
 */

/** One fetched China day of an activity: written in the same transaction as its channel rows. */
export const statsDays = pgTable(
  "stats_days",
  {
    activityId: text("activity_id").notNull(),
    /** The China (Asia/Shanghai) calendar day. */
    day: date("day", { mode: "string" }).notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull(),
    /** Fetched after the settling window: never fetched again. */
    final: boolean("final").notNull(),
    /** WeChat answered rows (false: 10011, stored as zeros; shown as pending while not final). */
    hasData: boolean("has_data").notNull(),
    /** The day's totals over its channels, kept here so trends and comparisons read one row a day. */
    smsSent: integer("sms_sent").notNull().default(0),
    h5Users: integer("h5_users").notNull().default(0),
    wxappUsers: integer("wxapp_users").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.day] })],
);

/** The figures of one channel on one day, from `smsMarketingOverviewData` with `by_channel_id "1"`. */
export const statsDaily = pgTable(
  "stats_daily",
  {
    activityId: text("activity_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    channelId: text("channel_id").notNull(),
    smsSent: integer("sms_sent").notNull().default(0),
    h5Users: integer("h5_users").notNull().default(0),
    wxappUsers: integer("wxapp_users").notNull().default(0),
    /** The day's `sms_send_list` tasks, `[{taskId, count}]` (on `_cms_sms_` only). */
    sendList: jsonb("send_list").$type<{ taskId: string; count: number }[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.day, t.channelId] }), index("stats_daily_day").on(t.day)],
);

/** The sync's own state per activity: its lease (one sync at a time) and how the last one went. */
export const statsSync = pgTable("stats_sync", {
  activityId: text("activity_id").primaryKey(),
  leaseToken: uuid("lease_token"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  lastStartedAt: timestamp("last_started_at", { withTimezone: true }),
  lastFinishedAt: timestamp("last_finished_at", { withTimezone: true }),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  /** Days written by the last sync. */
  lastDays: integer("last_days").notNull().default(0),
  lastErrorCode: integer("last_error_code"),
  lastError: text("last_error"),
  /** When a sync was last put on the job queue: the schedule does not queue it again while it waits. */
  queuedAt: timestamp("queued_at", { withTimezone: true }),
  /** Not synced again before this (after -1: backoff). */
  retryAfter: timestamp("retry_after", { withTimezone: true }),
  failures: integer("failures").notNull().default(0),
});

/**
 * Shared by every worker: the getStatistics call limiter (`nextSlotAt`) and a pause after a frequency or
 * quota errcode. One row, `name = 'getStatistics'`.
 */
export const statsControl = pgTable("stats_control", {
  name: text("name").primaryKey(),
  nextSlotAt: timestamp("next_slot_at", { withTimezone: true }).notNull().defaultNow(),
  pausedUntil: timestamp("paused_until", { withTimezone: true }),
  pauseCode: integer("pause_code"),
  pauseMessage: text("pause_message"),
});

/** The price of one billed SMS segment, with its history: a task costs what the price was when it was sent. */
export const smsPrices = pgTable(
  "sms_prices",
  {
    id: serial("id").primaryKey(),
    /** CNY per billed segment. */
    priceCny: numeric("price_cny", { precision: 12, scale: 5 }).notNull(),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull(),
    setBy: uuid("set_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sms_prices_effective").on(t.effectiveFrom)],
);
