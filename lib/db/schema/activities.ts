import { customType, index, integer, pgTable, primaryKey, text, timestamp, uuid, boolean } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * Activities (lib/activities): what an SMS or a channel link leads to — a landing page with a time window
 * that opens a mini-program page. The id is text because it travels in links and in WeChat's statistics
 * (`activity_id`): new ones are 32 hex characters like the seed's example, demo ones are readable (`demo-double11`).
 */
export const activities = pgTable(
  "activities",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    startAt: timestamp("start_at", { withTimezone: true }).notNull(),
    endAt: timestamp("end_at", { withTimezone: true }).notNull(),
    /** A closed activity's landing page says so and reports nothing, whatever its window. */
    closed: boolean("closed").notNull().default(false),
    /** The mini-program page to open, without a query, e.g. `pages/index/index`. */
    miniProgramPath: text("mini_program_path").notNull().default(""),
    /** Query string (without `?`) passed to that page; at most 512 characters. */
    miniProgramQuery: text("mini_program_query").notNull().default(""),
    landingTitle: text("landing_title").notNull(),
    landingText: text("landing_text").notNull().default(""),
    landingButton: text("landing_button").notNull(),
    /** The landing page's image (activity_images), if any. */
    imageId: uuid("image_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("activities_created_at").on(t.createdAt)],
);

/** A marketer-defined channel of an activity. `_cms_sms_` is implied for every activity and never stored. */
export const activityChannels = pgTable(
  "activity_channels",
  {
    activityId: text("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    /** At most 10 letters or digits. */
    id: text("id").notNull(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.id] })],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * Uploaded landing-page images, kept in PostgreSQL so every app instance serves the same bytes
 * (no shared disk needed). Small by rule: at most 2 MB each.
 */
export const activityImages = pgTable("activity_images", {
  id: uuid("id").primaryKey().defaultRandom(),
  activityId: text("activity_id")
    .notNull()
    .references(() => activities.id, { onDelete: "cascade" }),
  contentType: text("content_type").notNull(),
  size: integer("size").notNull(),
  bytes: bytea("bytes").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Fixed-window request counters for the public landing endpoint (per address, per session), shared by all
 * app instances. Rows older than an hour are deleted as new windows start.
 */
export const publicRateLimits = pgTable(
  "public_rate_limits",
  {
    bucket: text("bucket").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index("public_rate_limits_window").on(t.windowStart)],
);
