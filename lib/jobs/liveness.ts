import crypto from "node:crypto";
import os from "node:os";
import type pg from "pg";
import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db";
import { isWechatError } from "@/lib/wechat/errors";
import { QUEUE_SCHEMA, bossDb } from "./boss";
import { JobFailure } from "./types";

/** A worker silent for this many heartbeats is taken for dead, and its running jobs go back to the queue. */
export const DEAD_AFTER_HEARTBEATS = 6;

/** Whether a run is still this worker's: cancelled (or deleted), given up (lost: retried elsewhere), or ours. */
export type RunStatus = "ours" | "cancelled" | "lost";

export interface HandedBack {
  worker: string;
  silentSeconds: number;
  jobs: { queue: string; id: string }[];
}

/** The runs of `workerId` that are still active: the same run (pg-boss's `started_on`) it recorded. */
const ACTIVE_RUNS = `
  select r.queue, r.job_id as id from queue_runs r
  join ${QUEUE_SCHEMA}.job j on j.id = r.job_id and j.name = r.queue and j.state = 'active' and j.started_on = r.started_on
  where r.worker_id = $1`;

/**
 * Worker liveness for the job queue. pg-boss 10 has no heartbeat: a killed worker's run stays `active` until its
 * expiry (30 minutes for an audience source). So each worker keeps a row in `queue_workers` fresh (`beat`) and
 * records the runs it works in `queue_runs` (`claim`); on every heartbeat each worker fails the runs of workers
 * that fell silent (`recover`), which pg-boss then retries after the queue's retry delay. A run is completed or
 * failed only while it is still its worker's (`settle`), so a worker taken for dead that was only slow cannot
 * end the retry another worker took over; it sees the run is no longer its own (`status`) and stops it.
 */
export class WorkerLiveness {
  readonly id = crypto.randomUUID();
  readonly name = `${os.hostname()}:${process.pid}`;

  constructor(
    private readonly db: Db,
    private readonly boss: PgBoss,
    readonly heartbeatSeconds: number,
  ) {}

  async register(): Promise<void> {
    await this.db.$client.query(`insert into queue_workers (id, host, pid) values ($1, $2, $3) on conflict (id) do update set seen_at = now()`, [
      this.id,
      os.hostname(),
      process.pid,
    ]);
  }

  /** This worker runs this run of the job (pg-boss's `started_on` names the run). Before its handler starts. */
  async claim(queue: string, jobId: string): Promise<void> {
    const insert = () =>
      this.db.$client.query(
        `insert into queue_runs (job_id, queue, worker_id, started_on)
         select id, name, $3, started_on from ${QUEUE_SCHEMA}.job where name = $1 and id = $2 and state = 'active'
         on conflict (job_id) do update set queue = excluded.queue, worker_id = excluded.worker_id, started_on = excluded.started_on`,
        [queue, jobId, this.id],
      );
    try {
      await insert();
    } catch (error) {
      // Taken for dead a moment ago (the row is gone): sign in again.
      if ((error as { code?: string }).code !== "23503") throw error;
      await this.register();
      await insert();
    }
  }

  async status(queue: string, jobId: string): Promise<RunStatus> {
    const { rows } = await this.db.$client.query<{ state: string; ours: boolean }>(
      `select j.state::text as state, r.job_id is not null as ours
       from ${QUEUE_SCHEMA}.job j
       left join queue_runs r on r.job_id = j.id and r.worker_id = $3 and r.started_on = j.started_on
       where j.name = $1 and j.id = $2`,
      [queue, jobId, this.id],
    );
    const row = rows[0];
    if (!row || row.state === "cancelled") return "cancelled";
    return row.state === "active" && row.ours ? "ours" : "lost";
  }

  /**
   * Completes the run with its output, or fails it (pg-boss retries it after the queue's delay while retries
   * remain), if it is still this worker's; false when it no longer was (cancelled, handed back, expired).
   */
  async settle(queue: string, jobId: string, outcome: { output: unknown } | { error: Error }): Promise<boolean> {
    return this.transaction(async (client) => {
      const { rowCount } = await client.query(
        `select 1 from ${QUEUE_SCHEMA}.job j
         join queue_runs r on r.job_id = j.id and r.started_on = j.started_on and r.worker_id = $3
         where j.name = $1 and j.id = $2 and j.state = 'active' for update of j`,
        [queue, jobId, this.id],
      );
      if (!rowCount) return false;
      const options = { db: bossDb(client) };
      if ("error" in outcome) await this.boss.fail(queue, jobId, failureOutput(outcome.error), options);
      else await this.boss.complete(queue, jobId, outcome.output as object, options);
      await client.query(`delete from queue_runs where job_id = $1 and worker_id = $2`, [jobId, this.id]);
      return true;
    });
  }

  /** Fails (for a retry) every run of this worker still active, e.g. of handlers that would not stop. */
  async handBack(message: string): Promise<{ queue: string; id: string }[]> {
    return this.transaction((client) => this.failRuns(client, this.id, message));
  }

  /**
   * Says this worker is alive and forgets its runs that have ended. Signs in again when the others had taken it
   * for dead (its runs were handed back; `status` now says `lost` for them).
   */
  async beat(): Promise<void> {
    const { rowCount } = await this.db.$client.query(`update queue_workers set seen_at = now() where id = $1`, [this.id]);
    if (rowCount === 0) await this.register();
    await this.db.$client.query(
      `delete from queue_runs r where r.worker_id = $1
         and not exists (select 1 from ${QUEUE_SCHEMA}.job j where j.id = r.job_id and j.state = 'active' and j.started_on = r.started_on)`,
      [this.id],
    );
  }

  /**
   * Fails the running jobs of every worker silent for `DEAD_AFTER_HEARTBEATS` heartbeats (pg-boss retries them,
   * or keeps them failed when no retry is left) and forgets those workers. Safe in any number of workers at
   * once: each silent worker is handed back by one of them.
   */
  async recover(): Promise<HandedBack[]> {
    return this.transaction(async (client) => {
      const dead = await client.query<{ id: string; host: string; pid: number; silent: number }>(
        `select id, host, pid, extract(epoch from now() - seen_at)::int as silent from queue_workers
         where seen_at < now() - make_interval(secs => $1) for update skip locked`,
        [this.heartbeatSeconds * DEAD_AFTER_HEARTBEATS],
      );
      const handedBack: HandedBack[] = [];
      for (const worker of dead.rows) {
        const who = `${worker.host}:${worker.pid}`;
        const jobs = await this.failRuns(client, worker.id, `its worker (${who}) stopped answering ${worker.silent} s ago`);
        handedBack.push({ worker: who, silentSeconds: worker.silent, jobs });
      }
      if (dead.rows.length) await client.query(`delete from queue_workers where id = any($1::uuid[])`, [dead.rows.map((w) => w.id)]);
      return handedBack;
    });
  }

  /**
   * A clean stop: forgets this worker, unless one of its runs is still active (a handler that would not stop and
   * could not be handed back): then its row stays, falls silent, and another worker hands that run back.
   */
  async leave(): Promise<void> {
    await this.beat();
    await this.db.$client.query(`delete from queue_workers w where w.id = $1 and not exists (select 1 from queue_runs r where r.worker_id = w.id)`, [this.id]);
  }

  private async failRuns(client: pg.PoolClient, workerId: string, message: string) {
    const runs = await client.query<{ queue: string; id: string }>(`${ACTIVE_RUNS} for update of j`, [workerId]);
    for (const run of runs.rows) await this.boss.fail(run.queue, run.id, { message }, { db: bossDb(client) });
    await client.query(`delete from queue_runs where worker_id = $1`, [workerId]);
    return runs.rows;
  }

  private async transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.db.$client.connect();
    try {
      await client.query("begin");
      const result = await body(client);
      await client.query("commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

/** What a failed run keeps as its output: the error's name, message and stack, and WeChat's errcode when it has one. */
function failureOutput(error: Error): object {
  const errcode = error instanceof JobFailure ? error.errcode : isWechatError(error) ? error.code : undefined;
  return { name: error.name, message: error.message, stack: error.stack, ...(errcode === undefined ? {} : { errcode }) };
}
