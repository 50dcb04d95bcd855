import type { Db } from "@/lib/db";
import type { AppConfig } from "@/lib/config";
import type { log } from "@/lib/log";
import type { WechatClient } from "@/lib/wechat";

/** A failed run that names WeChat's errcode, so the queue's admin view can say it in the reader's language. */
export class JobFailure extends Error {
  constructor(
    message: string,
    readonly errcode: number,
  ) {
    super(message);
    this.name = "JobFailure";
  }
}

/** What a handler gets besides its data. */
export interface JobContext {
  db: Db;
  wechat: WechatClient;
  /**
   * Aborted when the job is cancelled (Settings, or its own page), when it outlives `expireInSeconds`, and when
   * the worker stops. A handler checks it between steps and leaves nothing half-written behind.
   */
  signal: AbortSignal;
  jobId: string;
  /** 0 on the first run, then 1, 2, … on retries (a run cut off by a stopping worker counts too). */
  retryCount: number;
  log: Pick<typeof log, "info" | "warn" | "error">;
}

/** A job kind, declared once in `registry.ts`. */
export interface JobKind<N extends string = string, T = unknown> {
  /** The queue's name: letters, digits, `-`, `_`, `.`. */
  name: N;
  /** Throws to fail the run (retried with backoff while retries remain); the return value is kept as the job's output. */
  handler(data: T, ctx: JobContext): Promise<unknown>;
  /** Retries after a failed run: how many, the first delay, and whether the delay doubles each time. */
  retry?: { limit: number; delaySeconds: number; backoff: boolean };
  /** A run still going after this long is treated as lost: it is aborted and retried. Default 15 minutes. */
  expireInSeconds?: number;
  /** Runs of this kind at once in one worker process (different keys, or no key). Default 1. */
  concurrency?: number;
  /** How to cancel a job of this kind (Settings, or the job's own page); default: cancel it on the queue. */
  cancel?(db: Db, jobId: string): Promise<boolean>;
  /** A recurring job: a cron expression (minute resolution) and the data each run gets. */
  cron?: { schedule: string; data: T; tz?: string; enabled?: (config: AppConfig) => boolean };
}

/** Declares a job kind with its data type inferred from the handler. */
export function defineJob<const N extends string, T>(kind: JobKind<N, T>): JobKind<N, T> {
  return kind;
}

export const DEFAULT_RETRY = { limit: 3, delaySeconds: 10, backoff: true } as const;
export const DEFAULT_EXPIRE_SECONDS = 15 * 60;

/** The reason a run's signal was aborted. */
export class JobAborted extends Error {
  /**
   * `cancelled` (Settings, the job's page), `expired` (past `expireInSeconds`), `stopping` (the worker stops),
   * `lost` (the run is no longer this worker's: taken for dead while it was only slow, and retried elsewhere).
   */
  constructor(readonly reason: "cancelled" | "expired" | "stopping" | "lost") {
    super(`job ${reason}`);
    this.name = "JobAborted";
  }
}
