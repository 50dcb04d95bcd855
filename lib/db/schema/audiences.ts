import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * A saved list of recipients. The counts are the import's report, fixed when it was written;
 * who is opted out is decided again at send time from `suppressions`.
 */
export const audiences = pgTable(
  "audiences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** `paste`, `csv`, and from issue 8 `cloudid`, `function`. */
    sourceKind: text("source_kind").notNull(),
    /** The file name, the function name… */
    sourceLabel: text("source_label"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    rowCount: integer("row_count").notNull().default(0),
    validCount: integer("valid_count").notNull().default(0),
    invalidCount: integer("invalid_count").notNull().default(0),
    duplicateCount: integer("duplicate_count").notNull().default(0),
    optedOutCount: integer("opted_out_count").notNull().default(0),
    memberCount: integer("member_count").notNull().default(0),
    /** How the input was read, e.g. the detected CSV layout. */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("audiences_created_at").on(t.createdAt)],
);

/**
 * One row per distinct number of an audience. No foreign key to `audiences`: a per-row check would slow
 * the COPY of a million members; `deleteAudience` removes members itself.
 */
export const audienceMembers = pgTable(
  "audience_members",
  {
    audienceId: uuid("audience_id").notNull(),
    /** `+86` and 11 digits. */
    phone: text("phone").notNull(),
    /** `paste`, `csv:<filename>:<line>`, `cloudid:<id>`, `function:<name>`. */
    source: text("source").notNull(),
  },
  (t) => [primaryKey({ columns: [t.audienceId, t.phone] })],
);

/** The invalid rows of an import (the first 100,000), for the report and its CSV download. */
export const audienceRejects = pgTable(
  "audience_rejects",
  {
    audienceId: uuid("audience_id").notNull(),
    seq: integer("seq").notNull(),
    line: integer("line"),
    value: text("value").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [primaryKey({ columns: [t.audienceId, t.seq] })],
);

/** The opt-out list: a number here is never sent to, whichever audience it is in. */
export const suppressions = pgTable("suppressions", {
  /** `+86` and 11 digits. */
  phone: text("phone").primaryKey(),
  reason: text("reason").notNull().default(""),
  addedBy: uuid("added_by").references(() => users.id),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Numbers taken off the opt-out list, with who put them there and who took them off. */
export const suppressionRemovals = pgTable(
  "suppression_removals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    phone: text("phone").notNull(),
    reason: text("reason").notNull(),
    addedBy: uuid("added_by").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
    removedBy: uuid("removed_by").references(() => users.id),
    removedAt: timestamp("removed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("suppression_removals_removed_at").on(t.removedAt)],
);
