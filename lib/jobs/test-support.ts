import type { Db } from "@/lib/db";
import type { WechatClient } from "@/lib/wechat";
import { QUEUE_SCHEMA } from "./boss";
import type { JobKind } from "./types";
import { startJobWorker, type JobWorker, type JobWorkerOptions } from "./worker";

/**
 * A queue worker for integration tests, against the test's own database (test/db.ts clones a template that
 * has the queue installed). Polls fast; stop it in `afterAll`.
 */
export function startTestJobWorker(db: Db, wechat: WechatClient, kinds?: readonly JobKind[], options: Partial<JobWorkerOptions> = {}): Promise<JobWorker> {
  return startJobWorker({ db, wechat, kinds, pollingIntervalSeconds: 0.5, cancelCheckMs: 200, maintenanceIntervalSeconds: 1, ...options });
}

export interface QueuedJobRow {
  state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
  retryCount: number;
  output: Record<string, unknown> | null;
}

export async function queuedJob(db: Db, name: string, id: string): Promise<QueuedJobRow | null> {
  const { rows } = await db.$client.query<{ state: QueuedJobRow["state"]; retry_count: number; output: QueuedJobRow["output"] }>(
    `select state, retry_count, output from ${QUEUE_SCHEMA}.job where name = $1 and id = $2`,
    [name, id],
  );
  return rows[0] ? { state: rows[0].state, retryCount: rows[0].retry_count, output: rows[0].output } : null;
}

/** Waits until the job reaches one of `states` (polling); throws after `timeoutMs` with the state it was in. */
export async function waitForJob(db: Db, name: string, id: string, states: QueuedJobRow["state"][], timeoutMs = 20_000): Promise<QueuedJobRow> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await queuedJob(db, name, id);
    if (job && states.includes(job.state)) return job;
    if (Date.now() > until) throw new Error(`job ${name} ${id} is ${job?.state ?? "missing"}, not ${states.join("/")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until no job of `name` is running (polling); throws after `timeoutMs`. */
export async function waitForNoActiveJob(db: Db, name: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.$client.query<{ n: number }>(`select count(*)::int as n from ${QUEUE_SCHEMA}.job where name = $1 and state = 'active'`, [name]);
    if (rows[0].n === 0) return;
    if (Date.now() > until) throw new Error(`a ${name} job is still active after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
