import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import type { WechatClient } from "@/lib/wechat";
import { createSourceJob, runSourceJob, type JobInput, type NewSourceJob } from "./jobs";

/**
 * Creates the job row and runs it in this process, without waiting: the request that started it answers at
 * once with the job ID, and the page polls the row. A server stopped mid-job leaves it `interrupted`.
 */
export async function startSourceJob(db: Db, wechat: WechatClient, job: NewSourceJob, input: JobInput): Promise<string> {
  const jobId = await createSourceJob(db, job);
  runSourceJob(db, wechat, jobId, input).catch((error: unknown) =>
    log.error({ jobId, err: error instanceof Error ? error.message : String(error) }, "audience source job crashed"),
  );
  return jobId;
}
