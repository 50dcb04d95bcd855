// The job queue (pg-boss on the app's PostgreSQL): see README.md beside this file.
export { enqueueJob, enqueueByName, cancelQueuedJob, retryQueuedJob, QueueMissingError, type EnqueueOptions } from "./enqueue";
export { defineJob, JobAborted, JobFailure, type JobContext, type JobKind } from "./types";
export type { JobName, JobDataOf } from "./registry";
