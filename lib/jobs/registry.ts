import type { JobKind } from "./types";
import { abPickJob } from "@/lib/abtests/queue";
import { audienceSourceJob } from "@/lib/audiences/sources/queue";
import { statsScheduleJob, statsSyncJob } from "@/lib/history/queue";

/**
 * Every kind of queued background work, declared once: name, handler, retries, expiry, concurrency and, for
 * recurring work, a cron schedule. Workers work all of them; `enqueueJob` accepts only these names.
 */
export const jobRegistry = [audienceSourceJob, abPickJob, statsSyncJob, statsScheduleJob] as const satisfies readonly JobKind[];

type Kinds = (typeof jobRegistry)[number];
export type JobName = Kinds["name"];
export type JobDataOf<N extends JobName> = Extract<Kinds, { name: N }> extends JobKind<N, infer T> ? T : never;
