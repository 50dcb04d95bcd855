import PgBoss from "pg-boss";
import type pg from "pg";
import type { Db } from "@/lib/db";
import { DEFAULT_EXPIRE_SECONDS, DEFAULT_RETRY, type JobKind } from "./types";

/** pg-boss keeps its tables in this schema of the app's own database. */
export const QUEUE_SCHEMA = "pgboss";

type Executor = Pick<pg.Pool, "query"> | Pick<pg.ClientBase, "query">;

/** pg-boss runs its SQL on the app's own pool (or a caller's transaction) instead of opening a pool of its own. */
export function bossDb(executor: Executor): PgBoss.Db {
  return { executeSql: (text, values) => executor.query(text, values) };
}

export function createBoss(database: Db, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  const boss = new PgBoss({ db: bossDb(database.$client), schema: QUEUE_SCHEMA, supervise: false, schedule: false, migrate: false, ...options });
  // Errors of pg-boss's own loops (a lost connection while polling) are retried by it; an unhandled 'error' event would crash the process.
  boss.on("error", () => {});
  return boss;
}

/** The session lock one installer holds at a time (`installJobQueue`). */
const INSTALL_LOCK = "select pg_advisory_lock(hashtext('hongyan.job-queue.install'))";
const INSTALL_UNLOCK = "select pg_advisory_unlock(hashtext('hongyan.job-queue.install'))";

/**
 * Installs or upgrades pg-boss's schema and creates one queue per job kind with its retry and expiry. Queues
 * use pg-boss's `singleton` policy: at most one active job per singleton key (a job enqueued without a key gets
 * its own id as key, so unrelated jobs run side by side). Safe to run from several processes at once: pg-boss
 * makes a queue with DDL on its shared tables (a partition attached to its job table, with a foreign key to its
 * queue table), and two processes making queues at once deadlocked, so one of several workers started together
 * died. Installers take turns on one connection holding a session lock.
 */
export async function installJobQueue(database: Db, kinds: readonly JobKind[]): Promise<void> {
  const client = await database.$client.connect();
  let broken: Error | undefined;
  try {
    await client.query(INSTALL_LOCK);
    const boss = createBoss(database, { migrate: true, db: bossDb(client) });
    await boss.start();
    try {
      for (const kind of kinds) {
        const retry = kind.retry ?? DEFAULT_RETRY;
        const options: PgBoss.Queue = {
          name: kind.name,
          policy: "singleton",
          retryLimit: retry.limit,
          retryDelay: retry.delaySeconds,
          retryBackoff: retry.backoff,
          expireInSeconds: kind.expireInSeconds ?? DEFAULT_EXPIRE_SECONDS,
        };
        await boss.createQueue(kind.name, options);
        await boss.updateQueue(kind.name, options);
      }
    } finally {
      await boss.stop({ graceful: false, close: false });
    }
    await client.query(INSTALL_UNLOCK);
  } catch (e) {
    // A connection that may still hold the lock is closed, not handed back to the pool.
    broken = e as Error;
    throw e;
  } finally {
    client.release(broken);
  }
}
