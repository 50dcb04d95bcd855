import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * Building an audience from the mini program (cloudIDs resolved with getOpenData, or a cloud function's
 * answer) can take minutes for 100,000 cloudIDs, so it runs as a job whose progress the page polls.
 */
export const audienceSourceJobs = pgTable(
  "audience_source_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** `cloudid` or `function`. */
    kind: text("kind").notNull(),
    /** The audience to create. */
    audienceName: text("audience_name").notNull(),
    /** The uploaded file's name, or the cloud function's name. */
    label: text("label"),
    /** `queued` (waiting for a worker, or for a retry), `running`, `done`, `failed`, `cancelled` (set on insert). */
    status: text("status").notNull().default("running"),
    /** `resolving` (getOpenData batches), `writing` (the audience pipeline). */
    phase: text("phase").notNull().default("resolving"),
    /** Distinct cloudIDs (or phone numbers) to process. */
    total: integer("total").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    resolved: integer("resolved").notNull().default(0),
    unresolved: integer("unresolved").notNull().default(0),
    /** cloudIDs that appeared more than once in the input (resolved once). */
    duplicateIds: integer("duplicate_ids").notNull().default(0),
    audienceId: uuid("audience_id"),
    /** Why the job stopped, as a WeChat error (`code`, `kind`, `messageKey`, `errmsg`) or a local reason. */
    error: jsonb("error").$type<Record<string, unknown>>(),
    /** What the source said: for a cloud function its input and the start of its answer. */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Touched on every progress step. */
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("audience_source_jobs_created_at").on(t.createdAt)],
);

/** The cloudIDs of a job that did not resolve, and why (all of them, up to 100,000). */
export const audienceSourceUnresolved = pgTable(
  "audience_source_unresolved",
  {
    jobId: uuid("job_id").notNull(),
    seq: integer("seq").notNull(),
    cloudId: text("cloud_id").notNull(),
    /** A reason code: `unknown_or_expired`, `no_phone`, `not_returned`, `call_failed`. */
    reason: text("reason").notNull(),
    /** WeChat's own words (errMsg, or the errcode and errmsg of a failed call). */
    detail: text("detail").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);
