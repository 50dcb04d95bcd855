import type pg from "pg";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { abTests } from "@/lib/db/schema/abtests";
import { enqueueByName } from "@/lib/jobs/enqueue";
import { defineJob } from "@/lib/jobs/types";
import { UNREADABLE_FALLBACK_MS } from "./pick";
import { runPick } from "./pick-job";

export interface AbPickData {
  testId: string;
}

export const AB_PICK_JOB = "abtest-pick";
/** How often an unreadable pick is tried again (until, 6 hours after the due time, a person takes over). */
const UNREADABLE_RETRY_MS = 5 * 60_000;

/**
 * Schedules the pick of an automatic test at `at`, on the job queue, so it survives restarts of every process. With
 * `client`, inside the caller's transaction: the job exists only if the test does.
 */
export function scheduleAbPick(testId: string, at: Date, opts: { db?: Db; client?: pg.ClientBase } = {}): Promise<string> {
  return enqueueByName(AB_PICK_JOB, { testId } satisfies AbPickData, { startAfter: at, singletonKey: `${AB_PICK_JOB}:${testId}`, ...opts });
}

/**
 * The winner pick of an automatic A/B test (lib/abtests/pick-job.ts runPick). When it is not due yet or the variants
 * are still sending, it schedules itself again; when WeChat's figures cannot be read it tries again every 5 minutes
 * until 6 hours after the due time, when it hands over to a manual pick with a notice. A run cut off by a stopping or
 * killed worker is retried by the queue; sending the winner twice is impossible (runPick is guarded by the test's status).
 */
export const abPickJob = defineJob({
  name: AB_PICK_JOB,
  retry: { limit: 10, delaySeconds: 30, backoff: true },
  expireInSeconds: 10 * 60,
  concurrency: 2,
  async handler(data: AbPickData, { db, wechat, log }) {
    const outcome = await runPick(db, wechat, data.testId);
    if (outcome.kind === "later") {
      await scheduleAbPick(data.testId, outcome.at, { db });
    } else if (outcome.kind === "retry") {
      const [test] = await db.select({ pickDueAt: abTests.pickDueAt }).from(abTests).where(eq(abTests.id, data.testId));
      const handOverAt = (test?.pickDueAt ?? new Date()).getTime() + UNREADABLE_FALLBACK_MS;
      await scheduleAbPick(data.testId, new Date(Math.min(Date.now() + UNREADABLE_RETRY_MS, handOverAt)), { db });
      log.warn({ testId: data.testId, error: outcome.error }, "abtest: figures unreadable at the pick; trying again");
    }
    return outcome;
  },
});
