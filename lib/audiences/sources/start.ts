import type { Db } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs";
import { createSourceJob, markSourceJobCancelled, type JobInput, type NewSourceJob } from "./jobs";
import { audienceSourceJob } from "./queue";

/**
 * Creates the job row (`queued`) and puts the work on the job queue under the same id; a worker runs it and
 * the page polls the row. The queued job carries the input, so the work survives a restart of every process.
 */
export async function startSourceJob(db: Db, job: NewSourceJob, input: JobInput): Promise<string> {
  const sourceJobId = await createSourceJob(db, job);
  try {
    await enqueueJob(audienceSourceJob.name, { sourceJobId, input }, { db, id: sourceJobId });
  } catch (error) {
    await markSourceJobCancelled(db, sourceJobId);
    throw error;
  }
  return sourceJobId;
}

