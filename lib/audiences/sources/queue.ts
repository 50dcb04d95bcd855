import { defineJob } from "@/lib/jobs/types";
import type { Db } from "@/lib/db";
import { cancelQueuedJob } from "@/lib/jobs/enqueue";
import { JobAborted } from "@/lib/jobs/types";
import { markSourceJobCancelled, runSourceJob, type JobInput } from "./jobs";

export interface SourceJobData {
  /** The `audience_source_jobs` row the page shows. */
  sourceJobId: string;
  input: JobInput;
}

const RETRY = { limit: 3, delaySeconds: 5, backoff: true } as const;

/**
 * Builds an audience from cloudIDs or a cloud function's answer, on any worker. A run cut off (worker stopped,
 * every process killed) is retried from the start; the audience is written once, at the end, in one transaction.
 */
export const audienceSourceJob = defineJob({
  name: "audience-source",
  retry: RETRY,
  // 100,000 cloudIDs take about 15 s against the emulator; real WeChat is slower. A run past this is lost.
  expireInSeconds: 30 * 60,
  concurrency: 2,
  cancel: cancelSourceJob,
  async handler(data: SourceJobData, ctx) {
    try {
      await runSourceJob(ctx.db, ctx.wechat, data.sourceJobId, data.input, { signal: ctx.signal, lastAttempt: ctx.retryCount >= RETRY.limit });
    } catch (error) {
      // Cancelled on the queue (Settings) rather than on the job's page: the row says so too.
      if (ctx.signal.aborted && ctx.signal.reason instanceof JobAborted && ctx.signal.reason.reason === "cancelled") {
        await markSourceJobCancelled(ctx.db, data.sourceJobId);
      }
      throw error;
    }
  },
});

/**
 * Cancels a job that has not finished: the row says `cancelled` at once and the queued job is cancelled, so a
 * run in progress stops within seconds and keeps no audience. False when the job had already finished.
 */
export async function cancelSourceJob(db: Db, sourceJobId: string): Promise<boolean> {
  const cancelled = await markSourceJobCancelled(db, sourceJobId);
  if (cancelled) await cancelQueuedJob(db, "audience-source", sourceJobId);
  return cancelled;
}
