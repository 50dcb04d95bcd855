import type PgBoss from "pg-boss";
import { config as appConfig, type AppConfig } from "@/lib/config";
import type { Db } from "@/lib/db";
import { log as appLog } from "@/lib/log";
import type { WechatClient } from "@/lib/wechat";
import { QUEUE_SCHEMA, createBoss, installJobQueue } from "./boss";
import { jobRegistry } from "./registry";
import { JobAborted, type JobContext, type JobKind } from "./types";

export interface JobWorkerOptions {
  db: Db;
  wechat: WechatClient;
  /** Default: every kind in the registry. Tests may add kinds of their own. */
  kinds?: readonly JobKind[];
  /** How often each idle kind looks for due jobs (pg-boss's minimum is 0.5). Default 2. */
  pollingIntervalSeconds?: number;
  /** How often a running job checks whether it was cancelled. Default 1000. */
  cancelCheckMs?: number;
  /** How often expired runs are retried and old jobs archived. Default 60. */
  maintenanceIntervalSeconds?: number;
  config?: AppConfig;
  log?: JobContext["log"];
}

export interface JobWorker {
  /** Stops taking jobs, aborts the runs in progress (they are retried by the next worker) and waits for them. */
  stop(): Promise<void>;
}

type ActiveJob = PgBoss.JobWithMetadata<unknown>;

/**
 * Works the queue in this process: every registered kind with its concurrency, the recurring kinds' schedules,
 * and pg-boss's maintenance (expired runs retried, old jobs archived). Any number of processes may run one.
 */
export async function startJobWorker(opts: JobWorkerOptions): Promise<JobWorker> {
  const kinds = opts.kinds ?? jobRegistry;
  const log = opts.log ?? appLog;
  const cfg = opts.config ?? appConfig();
  const cancelCheckMs = opts.cancelCheckMs ?? 1000;
  await installJobQueue(opts.db, kinds);
  const boss = createBoss(opts.db, {
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 60,
    ...(opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {}),
  });
  boss.on("error", (err) => log.warn({ err }, "jobs: queue error"));
  await boss.start();

  const running = new Set<AbortController>();
  let stopping = false;

  const stateOf = async (name: string, id: string): Promise<string | null> => {
    const { rows } = await opts.db.$client.query<{ state: string }>(`select state from ${QUEUE_SCHEMA}.job where name = $1 and id = $2`, [name, id]);
    return rows[0]?.state ?? null;
  };

  const run = async (kind: JobKind, job: ActiveJob): Promise<unknown> => {
    const ac = new AbortController();
    if (stopping) ac.abort(new JobAborted("stopping"));
    running.add(ac);
    const watch = setInterval(() => {
      stateOf(kind.name, job.id)
        .then((state) => {
          if (state !== "active") ac.abort(new JobAborted("cancelled"));
        })
        .catch(() => {});
    }, cancelCheckMs);
    // pg-boss gives up on a run after its expiry and retries it; this run must not go on beside the retry.
    const expiry = setTimeout(() => ac.abort(new JobAborted("expired")), Math.max(1, job.expireInSeconds - 1) * 1000);
    const started = Date.now();
    try {
      const output = await kind.handler(job.data, { db: opts.db, wechat: opts.wechat, signal: ac.signal, jobId: job.id, retryCount: job.retryCount, log });
      log.info({ job: kind.name, jobId: job.id, ms: Date.now() - started }, "jobs: done");
      return output;
    } catch (err) {
      const aborted = ac.signal.aborted ? (ac.signal.reason as JobAborted).reason : undefined;
      log.warn({ job: kind.name, jobId: job.id, retryCount: job.retryCount, aborted, err: err instanceof Error ? err.message : String(err) }, "jobs: run failed");
      throw err;
    } finally {
      clearInterval(watch);
      clearTimeout(expiry);
      running.delete(ac);
    }
  };

  for (const kind of kinds) {
    for (let i = 0; i < (kind.concurrency ?? 1); i++) {
      await boss.work<unknown>(kind.name, { includeMetadata: true, batchSize: 1 }, ([job]) => run(kind, job));
    }
  }

  const scheduled = new Set((await boss.getSchedules()).map((s) => s.name));
  for (const kind of kinds) {
    if (kind.cron && (kind.cron.enabled?.(cfg) ?? true)) {
      await boss.schedule(kind.name, kind.cron.schedule, kind.cron.data as object, { tz: kind.cron.tz ?? "Asia/Shanghai" });
    } else if (scheduled.has(kind.name)) {
      await boss.unschedule(kind.name);
    }
  }
  log.info({ kinds: kinds.map((k) => k.name) }, "jobs: working the queue");

  return {
    async stop() {
      stopping = true;
      // Aborted runs fail and go back to the queue with a retry; the wait covers handlers slow to notice
      // (after it, pg-boss fails what is still running, which retries it too).
      const stopped = boss.stop({ graceful: true, timeout: 10_000, close: false });
      for (const ac of running) ac.abort(new JobAborted("stopping"));
      await stopped;
      log.info("jobs: stopped working the queue");
    },
  };
}
