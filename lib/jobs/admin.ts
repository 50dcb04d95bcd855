import type { Db } from "@/lib/db";
import { QUEUE_SCHEMA } from "./boss";
import { cancelQueuedJob, retryQueuedJob } from "./enqueue";
import { jobRegistry } from "./registry";
import type { JobKind } from "./types";

export type QueuedJobState = "waiting" | "running" | "failed";

export interface QueuedJob {
  id: string;
  name: string;
  state: QueuedJobState;
  singletonKey: string | null;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  /** When it may start (waiting), started (running), or failed (failed). */
  at: Date;
  /** The last error of a failed job (pg-boss keeps the thrown error's message). */
  error: string | null;
  /** WeChat's errcode when the failure was WeChat's, for the sentence in the reader's language. */
  errorCode: number | null;
}

export interface QueueWorker {
  /** `host:pid`. */
  name: string;
  startedAt: Date;
  /** Its last heartbeat. */
  seenAt: Date;
}

export interface QueueOverview {
  waiting: QueuedJob[];
  running: QueuedJob[];
  /** Failed for good in the last day, newest first. */
  failed: QueuedJob[];
  /** The processes working the queue (lib/jobs/liveness.ts), oldest first; none: jobs wait until a worker starts. */
  workers: QueueWorker[];
}

const LIMIT = 50;
/** Our queues only: pg-boss's own (`__pgboss__send-it`, which runs the cron schedules) are not an admin's to cancel. */
const OURS = `name not like '\\_\\_pgboss\\_\\_%'`;

/** What an admin sees of the queue on Settings: jobs waiting (incl. retries), running, and failed in the last day. */
export async function getQueueOverview(db: Db, now = new Date()): Promise<QueueOverview> {
  const { rows } = await db.$client.query<{
    id: string;
    name: string;
    state: string;
    singleton_key: string | null;
    retry_count: number;
    retry_limit: number;
    created_on: Date;
    at: Date;
    error: string | null;
    error_code: number | null;
  }>(
    `(select id, name, state::text, singleton_key, retry_count, retry_limit, created_on, start_after as at, null as error, null::int as error_code
        from ${QUEUE_SCHEMA}.job where state in ('created', 'retry') and ${OURS} order by start_after limit ${LIMIT})
     union all
     (select id, name, state::text, singleton_key, retry_count, retry_limit, created_on, started_on, null, null
        from ${QUEUE_SCHEMA}.job where state = 'active' and ${OURS} order by started_on limit ${LIMIT})
     union all
     (select id, name, state::text, singleton_key, retry_count, retry_limit, created_on, completed_on,
             coalesce(output->>'message', output->'value'->>'message', output::text),
             (output->>'errcode')::int
        from ${QUEUE_SCHEMA}.job where state = 'failed' and ${OURS} and completed_on > $1::timestamptz - interval '1 day'
        order by completed_on desc limit ${LIMIT})`,
    [now],
  );
  const workers = await db.$client.query<{ name: string; started_at: Date; seen_at: Date }>(
    `select host || ':' || pid as name, started_at, seen_at from queue_workers order by started_at limit ${LIMIT}`,
  );
  const overview: QueueOverview = {
    waiting: [],
    running: [],
    failed: [],
    workers: workers.rows.map((w) => ({ name: w.name, startedAt: w.started_at, seenAt: w.seen_at })),
  };
  for (const r of rows) {
    const state: QueuedJobState = r.state === "active" ? "running" : r.state === "failed" ? "failed" : "waiting";
    const job: QueuedJob = {
      id: r.id,
      name: r.name,
      state,
      singletonKey: r.singleton_key === r.id ? null : r.singleton_key,
      retryCount: r.retry_count,
      retryLimit: r.retry_limit,
      createdOn: r.created_on,
      at: r.at,
      error: r.error ? r.error.slice(0, 500) : null,
      errorCode: r.error_code,
    };
    overview[state].push(job);
  }
  return overview;
}

/**
 * Cancels a waiting or running job the way its kind says (e.g. an audience source also marks its row), or just on
 * the queue. A running one stops within seconds. False when it had already ended.
 */
export async function cancelJob(db: Db, name: string, id: string): Promise<boolean> {
  const kind: JobKind | undefined = jobRegistry.find((k) => k.name === name);
  return kind?.cancel ? kind.cancel(db, id) : cancelQueuedJob(db, name, id);
}

/** Runs a failed job again (one more attempt). False when it is not failed. */
export function retryJob(db: Db, name: string, id: string): Promise<boolean> {
  return retryQueuedJob(db, name, id);
}
