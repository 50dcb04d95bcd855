import type PgBoss from "pg-boss";
import { config as appConfig, type AppConfig } from "@/lib/config";
import type { Db } from "@/lib/db";
import { log as appLog } from "@/lib/log";
import type { WechatClient } from "@/lib/wechat";
import { createBoss, installJobQueue } from "./boss";
import { WorkerLiveness } from "./liveness";
import { jobRegistry } from "./registry";
import { JobAborted, type JobContext, type JobKind } from "./types";

export interface JobWorkerOptions {
  db: Db;
  wechat: WechatClient;
  /** Default: every kind in the registry. Tests may add kinds of their own. */
  kinds?: readonly JobKind[];
  /** How often each idle kind looks for due jobs. Default 2. */
  pollingIntervalSeconds?: number;
  /** How often a running job checks whether it was cancelled (or is no longer this worker's run). Default 1000. */
  cancelCheckMs?: number;
  /** How often expired runs are retried and old jobs archived. Default 60. */
  maintenanceIntervalSeconds?: number;
  /**
   * How often this worker says it is alive and looks for workers silent for DEAD_AFTER_HEARTBEATS heartbeats,
   * whose running jobs it hands back to the queue. Default QUEUE_HEARTBEAT_SECONDS (5).
   */
  heartbeatSeconds?: number;
  /** How long `stop()` waits for aborted runs to end before it hands them back anyway. Default 10000. */
  stopTimeoutMs?: number;
  config?: AppConfig;
  log?: JobContext["log"];
}

export interface JobWorker {
  /** Stops taking jobs, aborts the runs in progress (they are retried by the next worker) and waits for them. */
  stop(): Promise<void>;
}

type ActiveJob = PgBoss.JobWithMetadata<unknown>;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Works the queue in this process: every registered kind with its concurrency, the recurring kinds' schedules,
 * and pg-boss's maintenance (expired runs retried, old jobs archived). Any number of processes may run one.
 *
 * Jobs are fetched with pg-boss and completed or failed here, only while the run is still this worker's
 * (`WorkerLiveness`): pg-boss's own `work()` completes or fails a job by id whatever became of it, which would
 * end the retry another worker took over from a run given up for lost (its worker silent, or its expiry passed).
 */
export async function startJobWorker(opts: JobWorkerOptions): Promise<JobWorker> {
  const kinds = opts.kinds ?? jobRegistry;
  const log = opts.log ?? appLog;
  const cfg = opts.config ?? appConfig();
  const cancelCheckMs = opts.cancelCheckMs ?? 1000;
  const pollMs = (opts.pollingIntervalSeconds ?? 2) * 1000;
  await installJobQueue(opts.db, kinds);
  const boss = createBoss(opts.db, { supervise: true, schedule: true, maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 60 });
  boss.on("error", (err) => log.warn({ err }, "jobs: queue error"));
  await boss.start();

  const stopSignal = new AbortController();
  const running = new Set<AbortController>();

  // Liveness: this worker's row stays fresh while it lives; every worker hands a silent one's running jobs back.
  const liveness = new WorkerLiveness(opts.db, boss, opts.heartbeatSeconds ?? cfg.queue.heartbeatSeconds);
  await liveness.register();
  const recover = async () => {
    for (const back of await liveness.recover()) {
      log.warn({ worker: back.worker, silentSeconds: back.silentSeconds, jobs: back.jobs }, "jobs: a worker stopped answering; its running jobs go back to the queue");
    }
  };
  let beating = false;
  const heartbeat = setInterval(() => {
    if (beating) return;
    beating = true;
    liveness
      .beat()
      .then(recover)
      .catch((err: unknown) => log.warn({ err: message(err) }, "jobs: heartbeat failed"))
      .finally(() => (beating = false));
  }, liveness.heartbeatSeconds * 1000);
  await recover();

  const run = async (kind: JobKind, job: ActiveJob): Promise<void> => {
    const ac = new AbortController();
    const onStop = () => ac.abort(new JobAborted("stopping"));
    stopSignal.signal.addEventListener("abort", onStop, { once: true });
    running.add(ac);
    let watch: ReturnType<typeof setInterval> | undefined;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    try {
      // Recorded first: from here on, were this process to die, another worker hands the run back within seconds.
      await liveness.claim(kind.name, job.id);
      if (stopSignal.signal.aborted) onStop();
      // Cancelled (Settings, the job's page), or no longer this worker's run (taken for dead, or expired): stop.
      watch = setInterval(() => {
        liveness
          .status(kind.name, job.id)
          .then((status) => {
            if (status !== "ours") ac.abort(new JobAborted(status === "cancelled" ? "cancelled" : "lost"));
          })
          .catch(() => {});
      }, cancelCheckMs);
      // pg-boss gives up on a run after its expiry and retries it; this run must not go on beside the retry.
      expiry = setTimeout(() => ac.abort(new JobAborted("expired")), Math.max(1, job.expireInSeconds - 1) * 1000);
      const output = await kind.handler(job.data, { db: opts.db, wechat: opts.wechat, signal: ac.signal, jobId: job.id, retryCount: job.retryCount, log });
      log.info({ job: kind.name, jobId: job.id, ms: Date.now() - started }, "jobs: done");
      await liveness.settle(kind.name, job.id, { output });
    } catch (err) {
      const aborted = ac.signal.aborted ? (ac.signal.reason as JobAborted).reason : undefined;
      log.warn({ job: kind.name, jobId: job.id, retryCount: job.retryCount, aborted, err: message(err) }, "jobs: run failed");
      // A failed run goes back to the queue (a retry after the queue's delay) or, with no retry left, stays failed.
      await liveness
        .settle(kind.name, job.id, { error: err instanceof Error ? err : new Error(String(err)) })
        .catch((e: unknown) => log.warn({ job: kind.name, jobId: job.id, err: message(e) }, "jobs: could not record the failed run"));
    } finally {
      clearInterval(watch);
      clearTimeout(expiry);
      stopSignal.signal.removeEventListener("abort", onStop);
      running.delete(ac);
    }
  };

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stopSignal.signal.removeEventListener("abort", done);
        resolve();
      }
      stopSignal.signal.addEventListener("abort", done, { once: true });
    });

  /** One of a kind's `concurrency` slots: fetch a due job, run it, settle it; wait a poll when there is none. */
  const slot = async (kind: JobKind) => {
    while (!stopSignal.signal.aborted) {
      let job: ActiveJob | undefined;
      try {
        [job] = await boss.fetch<unknown>(kind.name, { batchSize: 1, includeMetadata: true });
      } catch (err) {
        log.warn({ job: kind.name, err: message(err) }, "jobs: could not fetch");
      }
      if (job) await run(kind, job).catch((err: unknown) => log.warn({ job: kind.name, err: message(err) }, "jobs: run not recorded"));
      else await idle(pollMs);
    }
  };
  const slots = kinds.flatMap((kind) => Array.from({ length: kind.concurrency ?? 1 }, () => slot(kind)));

  const scheduled = new Set((await boss.getSchedules()).map((s) => s.name));
  for (const kind of kinds) {
    if (kind.cron && (kind.cron.enabled?.(cfg) ?? true)) {
      await boss.schedule(kind.name, kind.cron.schedule, kind.cron.data as object, { tz: kind.cron.tz ?? "Asia/Shanghai" });
    } else if (scheduled.has(kind.name)) {
      await boss.unschedule(kind.name);
    }
  }
  log.info({ kinds: kinds.map((k) => k.name), worker: liveness.name }, "jobs: working the queue");

  return {
    async stop() {
      // Aborted runs fail and go back to the queue with a retry. A handler slow to notice gets `stopTimeoutMs`;
      // after it, its run is handed back all the same (and its worker, still marked busy, no longer signs off).
      stopSignal.abort();
      const allEnded = Promise.all(slots);
      const timedOut = await Promise.race([allEnded.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), opts.stopTimeoutMs ?? 10_000).unref())]);
      if (timedOut) {
        const handedBack = await liveness.handBack("its worker stopped while it ran").catch((err: unknown) => (log.warn({ err: message(err) }, "jobs: could not hand runs back"), []));
        // Named, so a handler that does not stop when aborted can be found.
        log.warn({ handedBack: handedBack.length, runs: handedBack.map((r) => `${r.queue}:${r.id}`) }, "jobs: runs still going at stop were handed back");
      }
      clearInterval(heartbeat);
      await boss.stop({ graceful: false, close: false });
      await liveness.leave().catch((err: unknown) => log.warn({ err: message(err) }, "jobs: could not sign off"));
      log.info("jobs: stopped working the queue");
    },
  };
}
