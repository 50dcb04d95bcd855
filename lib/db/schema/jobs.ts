import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Each process working the job queue (lib/jobs/liveness.ts), for as long as it says it is alive: `seen_at` moves
 * every few seconds. pg-boss 10 has no heartbeat of its own; without this, a killed worker's runs would wait for
 * their expiry (up to 30 minutes) before another worker retried them.
 */
export const queueWorkers = pgTable(
  "queue_workers",
  {
    id: uuid("id").primaryKey(),
    host: text("host").notNull(),
    pid: integer("pid").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("queue_workers_seen_at").on(t.seenAt)],
);

/** Which worker runs which run of a queued job (pg-boss's `started_on` tells the runs of one job apart). */
export const queueRuns = pgTable(
  "queue_runs",
  {
    jobId: uuid("job_id").primaryKey(),
    queue: text("queue").notNull(),
    workerId: uuid("worker_id")
      .notNull()
      .references(() => queueWorkers.id, { onDelete: "cascade" }),
    startedOn: timestamp("started_on", { withTimezone: true, precision: 6 }).notNull(),
  },
  (t) => [index("queue_runs_worker_id").on(t.workerId)],
);
