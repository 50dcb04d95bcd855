import { sql } from "drizzle-orm";
import { config } from "@/lib/config";
import { db as appDb, type Db } from "@/lib/db";
import { statsSync } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { JobFailure, defineJob } from "@/lib/jobs/types";
import { dueActivities } from "./status";
import { syncActivity } from "./sync";

/** At most one sync of an activity waits or runs on the queue at a time. */
export const statsSyncKey = (activityId: string) => `stats-sync:${activityId}`;

/**
 * Syncs one activity into the statistics store (the backfill the first time, then today and the settling days).
 * A failure WeChat may get over (-1, the network) is thrown, so the queue retries with backoff; a pause by
 * WeChat's limits is recorded by the sync and not retried (the schedule comes back after it).
 */
export const statsSyncJob = defineJob({
  name: "stats-sync",
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  // A 90-day backfill at 10 calls a second takes 9 s; a run past this is lost and retried.
  expireInSeconds: 10 * 60,
  concurrency: 2,
  async handler(data: { activityId: string }, ctx) {
    const outcome = await syncActivity(ctx.db, ctx.wechat, data.activityId, { ...config().stats, signal: ctx.signal });
    if (outcome.status === "failed") throw new JobFailure(`statistics sync of ${data.activityId} failed: ${outcome.message}`, outcome.code);
    // Cut off (the worker is stopping, the run expired): the queue runs it again; the days written stay.
    if (outcome.status === "stopped") throw new Error(`statistics sync of ${data.activityId} stopped after ${outcome.days} days`);
    return outcome;
  },
});

/**
 * Every minute: puts the activities due for a sync on the queue — never synced (created or first seen: the
 * backfill) and open ones every STATS_SYNC_MINUTES (`dueActivities` decides).
 */
export const statsScheduleJob = defineJob({
  name: "stats-schedule",
  retry: { limit: 0, delaySeconds: 60, backoff: false },
  expireInSeconds: 5 * 60,
  cron: { schedule: "* * * * *", data: {} },
  async handler(_data: Record<string, never>, ctx) {
    const due = await dueActivities(ctx.db, config().stats);
    for (const activityId of due) await enqueueStatsSync(activityId, ctx.db);
    return { enqueued: due.length };
  },
});

/** Queues a sync of the activity; it runs once no other sync of the activity does. Answers the job's id. */
export async function enqueueStatsSync(activityId: string, db: Db = appDb()): Promise<string> {
  const id = await enqueueJob("stats-sync", { activityId }, { singletonKey: statsSyncKey(activityId), db });
  await db
    .insert(statsSync)
    .values({ activityId, queuedAt: sql`clock_timestamp()` })
    .onConflictDoUpdate({ target: statsSync.activityId, set: { queuedAt: sql`clock_timestamp()` } });
  return id;
}
