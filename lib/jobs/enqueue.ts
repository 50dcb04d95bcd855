import crypto from "node:crypto";
import type PgBoss from "pg-boss";
import type pg from "pg";
import { db as appDb, type Db } from "@/lib/db";
import { bossDb, createBoss } from "./boss";
import type { JobDataOf, JobName } from "./registry";

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  startAfter?: Date;
  /** At most one job with this key runs at a time (others wait their turn). Default: the job's own id. */
  singletonKey?: string;
  /** The job's id (default: a new UUID); e.g. the id of the row the job works on. */
  id?: string;
  /** The database (default: the process-wide one). */
  db?: Db;
  /** Enqueue inside the caller's transaction: the job exists only if the transaction commits. */
  client?: pg.ClientBase;
}

export class QueueMissingError extends Error {
  constructor(readonly queue: string) {
    super(`The job queue "${queue}" does not exist: start the app (npm start) or a worker (npm run worker) once to create it.`);
  }
}

/** One enqueue-only pg-boss per database: it never polls, schedules or maintains (workers do that). */
const senders = new WeakMap<Db, Promise<PgBoss>>();

/** The enqueue-only pg-boss of a database (also used to cancel and retry jobs). */
export function queueFor(database: Db): Promise<PgBoss> {
  let sender = senders.get(database);
  if (!sender) {
    sender = createBoss(database).start();
    sender.catch(() => senders.delete(database));
    senders.set(database, sender);
  }
  return sender;
}

/** Enqueues a job of any queue by name; `enqueueJob` is the typed form for the registry's kinds. */
export async function enqueueByName(name: string, data: object, opts: EnqueueOptions = {}): Promise<string> {
  const database = opts.db ?? appDb();
  const boss = await queueFor(database);
  const id = opts.id ?? crypto.randomUUID();
  const created = await boss.send(name, data, {
    id,
    singletonKey: opts.singletonKey ?? id,
    ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
    ...(opts.client ? { db: bossDb(opts.client) } : {}),
  });
  if (!created) throw new QueueMissingError(name);
  return created;
}

/**
 * Puts a job on the queue and returns its id. Any process may call it (the web process only ever enqueues);
 * a worker (`npm run worker`, or the one `npm start` runs) picks it up.
 */
export function enqueueJob<N extends JobName>(name: N, data: JobDataOf<N>, opts: EnqueueOptions = {}): Promise<string> {
  return enqueueByName(name, data as object, opts);
}

/** Cancels a waiting or running job on the queue (a running one stops within seconds). False when it had already ended. */
export async function cancelQueuedJob(db: Db, name: string, id: string): Promise<boolean> {
  const result = (await (await queueFor(db)).cancel(name, id)) as unknown as { affected: number };
  return result.affected === 1;
}

/** Runs a failed job again (one more attempt). False when it is not failed. */
export async function retryQueuedJob(db: Db, name: string, id: string): Promise<boolean> {
  const result = (await (await queueFor(db)).retry(name, id)) as unknown as { affected: number };
  return result.affected === 1;
}
