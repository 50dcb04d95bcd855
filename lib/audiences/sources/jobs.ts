import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { audienceSourceJobs, audienceSourceUnresolved, users } from "@/lib/db/schema";
import { isUuid } from "@/lib/ids";
import { JobAborted } from "@/lib/jobs/types";
import { log } from "@/lib/log";
import type { WechatClient } from "@/lib/wechat";
import { createAudienceFromCandidates } from "../audiences";
import type { Candidate } from "../pipeline";
import { resolveCloudIds, type ResolveOptions, type UnresolvedCloudId } from "./cloudids";
import { SourceError } from "./errors";

export type SourceKind = "cloudid" | "function";

/** What a job builds its audience from. */
export type JobInput =
  | { kind: "cloudids"; ids: string[]; positions?: number[]; duplicates?: number }
  | { kind: "phones"; phones: string[] };

export interface NewSourceJob {
  sourceKind: SourceKind;
  audienceName: string;
  /** File name or cloud function name. */
  label: string | null;
  createdBy: string | null;
  total: number;
  duplicateIds?: number;
  details?: Record<string, unknown>;
}

const PROGRESS_EVERY_MS = 300;
const UNRESOLVED_BATCH = 5_000;

export async function createSourceJob(db: Db, job: NewSourceJob): Promise<string> {
  const [row] = await db
    .insert(audienceSourceJobs)
    .values({
      kind: job.sourceKind,
      status: "queued",
      audienceName: job.audienceName,
      label: job.label,
      createdBy: job.createdBy,
      total: job.total,
      duplicateIds: job.duplicateIds ?? 0,
      details: job.details ?? {},
    })
    .returning({ id: audienceSourceJobs.id });
  return row.id;
}

/**
 * Where each number came from, kept on the audience member: `cloudid:<id>` for pasted or uploaded cloudIDs,
 * `function:<name>` for numbers a function returned, `function:<name>:cloudid:<id>` for its cloudIDs.
 */
export function memberSource(sourceKind: SourceKind, label: string | null, cloudId?: string): string {
  if (sourceKind === "cloudid") return `cloudid:${cloudId}`;
  return cloudId === undefined ? `function:${label}` : `function:${label}:cloudid:${cloudId}`;
}

async function saveUnresolved(db: Db, jobId: string, rows: UnresolvedCloudId[]) {
  for (let start = 0; start < rows.length; start += UNRESOLVED_BATCH) {
    const batch = rows.slice(start, start + UNRESOLVED_BATCH);
    await db.execute(sql`
      insert into audience_source_unresolved (job_id, seq, cloud_id, reason, detail)
      select ${jobId}::uuid, s, c, r, d
      from unnest(${sql.param(batch.map((_, i) => start + i + 1))}::int[], ${sql.param(batch.map((r) => r.cloudId))}::text[],
                  ${sql.param(batch.map((r) => r.reason))}::text[], ${sql.param(batch.map((r) => r.detail.slice(0, 500)))}::text[]) as u(s, c, r, d)`);
  }
}

/** The job row says it was cancelled: the run stops and keeps nothing. */
export class SourceJobCancelled extends Error {
  constructor(readonly jobId: string) {
    super(`audience source job ${jobId} was cancelled`);
  }
}

export interface RunSourceJobOptions extends Omit<ResolveOptions, "onProgress"> {
  /** Aborted when the queued job is cancelled, expires or its worker stops. */
  signal?: AbortSignal;
  /** No retry follows a failure of this run: write the failure to the row. */
  lastAttempt?: boolean;
}

/**
 * One run of a job (a queued job's handler; a retry starts over). Resolves cloudIDs (if any) with progress
 * written to the job row, then builds the audience through the same pipeline as every other source
 * (validation, de-duplication, opt-outs). The audience and the row's `done` are committed together, and only
 * while the row still says `running`, so a cancelled job never leaves an audience behind.
 *
 * A SourceError (WeChat refused, a malformed answer) is final: written to the row as `failed`, no retry.
 * Anything else (cancelled, stopped, a database error) throws; the row goes back to `queued` for the retry,
 * or to `failed` on the last attempt.
 */
export async function runSourceJob(db: Db, wechat: WechatClient, jobId: string, input: JobInput, options: RunSourceJobOptions = {}): Promise<void> {
  const { signal, lastAttempt = true, ...resolveOptions } = options;
  const checkCancelled = () => {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
  };
  // A retry starts over: nothing of an earlier run is kept (unresolved rows are rewritten below).
  const claimed = await db
    .update(audienceSourceJobs)
    .set({ status: "running", phase: "resolving", processed: 0, resolved: 0, unresolved: 0, updatedAt: new Date() })
    .where(and(eq(audienceSourceJobs.id, jobId), inArray(audienceSourceJobs.status, ["queued", "running"])))
    .returning();
  const job = claimed[0];
  if (!job) return; // cancelled (or finished) before this run began
  await db.delete(audienceSourceUnresolved).where(eq(audienceSourceUnresolved.jobId, jobId));
  const sourceKind = job.kind as SourceKind;
  try {
    let candidates: Candidate[];
    let resolvedCount = 0;
    let unresolvedCount = 0;
    if (input.kind === "cloudids") {
      let lastWrite = 0;
      const { resolved, unresolved } = await resolveCloudIds(wechat, input.ids, {
        ...resolveOptions,
        signal,
        onProgress: async (p) => {
          if (Date.now() - lastWrite < PROGRESS_EVERY_MS && p.processed < p.total) return;
          lastWrite = Date.now();
          await db
            .update(audienceSourceJobs)
            .set({ processed: p.processed, resolved: p.resolved, unresolved: p.unresolved, updatedAt: new Date() })
            .where(and(eq(audienceSourceJobs.id, jobId), eq(audienceSourceJobs.status, "running")));
        },
      });
      checkCancelled();
      resolvedCount = resolved.length;
      unresolvedCount = unresolved.length;
      await saveUnresolved(db, jobId, unresolved);
      await db
        .update(audienceSourceJobs)
        .set({ phase: "writing", processed: input.ids.length, resolved: resolvedCount, unresolved: unresolvedCount, updatedAt: new Date() })
        .where(eq(audienceSourceJobs.id, jobId));
      candidates = resolved.map((r) => ({
        value: r.phone,
        source: memberSource(sourceKind, job.label, r.cloudId),
        line: input.positions?.[r.index] ?? r.index + 1,
      }));
    } else {
      await db.update(audienceSourceJobs).set({ phase: "writing", updatedAt: new Date() }).where(eq(audienceSourceJobs.id, jobId));
      const source = memberSource(sourceKind, job.label);
      candidates = input.phones.map((value, i) => ({ value, source, line: i + 1 }));
    }
    checkCancelled();
    await createAudienceFromCandidates(
      db,
      {
        name: job.audienceName,
        createdBy: job.createdBy,
        sourceKind,
        sourceLabel: job.label,
        details: {
          jobId,
          ...(input.kind === "cloudids" ? { cloudIds: input.ids.length, resolved: resolvedCount, unresolved: unresolvedCount, duplicateCloudIds: job.duplicateIds } : {}),
          ...job.details,
        },
      },
      candidates,
      async (client, report) => {
        const done = await client.query(
          `update audience_source_jobs set status = 'done', audience_id = $2, processed = $3, resolved = $4, updated_at = now(), finished_at = now(),
             details = details || $5::jsonb
           where id = $1 and status = 'running'`,
          [
            jobId,
            report.audienceId,
            input.kind === "cloudids" ? input.ids.length : input.phones.length,
            input.kind === "cloudids" ? resolvedCount : input.phones.length,
            JSON.stringify({ report: { rows: report.rows, valid: report.valid, invalid: report.invalid, duplicates: report.duplicates, optedOut: report.optedOut, members: report.members } }),
          ],
        );
        if (done.rowCount !== 1) throw new SourceJobCancelled(jobId);
      },
    );
  } catch (error) {
    // The queue gave this run up (its worker taken for dead, or past its expiry): the row is the retry's now.
    if (signal?.reason instanceof JobAborted && (signal.reason.reason === "lost" || signal.reason.reason === "expired")) throw error;
    if (error instanceof SourceError || lastAttempt) {
      const reason =
        error instanceof SourceError ? error.toJSON() : { code: "sources.errors.internal", params: { message: error instanceof Error ? error.message.slice(0, 300) : String(error) } };
      log.warn({ jobId, reason }, "audience source job failed");
      await db
        .update(audienceSourceJobs)
        .set({ status: "failed", error: reason as Record<string, unknown>, updatedAt: new Date(), finishedAt: new Date() })
        .where(and(eq(audienceSourceJobs.id, jobId), eq(audienceSourceJobs.status, "running")));
      if (error instanceof SourceError) return;
    } else {
      await db
        .update(audienceSourceJobs)
        .set({ status: "queued", updatedAt: new Date() })
        .where(and(eq(audienceSourceJobs.id, jobId), eq(audienceSourceJobs.status, "running")));
    }
    throw error;
  }
}

/**
 * Cancels a job that has not finished: the row says `cancelled` at once (and a run in progress sees it within
 * seconds and stops; its audience, if it was being written, is rolled back). False when the job had already
 * finished.
 */
export async function markSourceJobCancelled(db: Db, jobId: string): Promise<boolean> {
  const rows = await db
    .update(audienceSourceJobs)
    .set({ status: "cancelled", updatedAt: new Date(), finishedAt: new Date() })
    .where(and(eq(audienceSourceJobs.id, jobId), inArray(audienceSourceJobs.status, ["queued", "running"])))
    .returning({ id: audienceSourceJobs.id });
  return rows.length === 1;
}

export type SourceJob = NonNullable<Awaited<ReturnType<typeof getSourceJob>>>;

const jobColumns = {
  id: audienceSourceJobs.id,
  kind: audienceSourceJobs.kind,
  audienceName: audienceSourceJobs.audienceName,
  label: audienceSourceJobs.label,
  status: audienceSourceJobs.status,
  phase: audienceSourceJobs.phase,
  total: audienceSourceJobs.total,
  processed: audienceSourceJobs.processed,
  resolved: audienceSourceJobs.resolved,
  unresolved: audienceSourceJobs.unresolved,
  duplicateIds: audienceSourceJobs.duplicateIds,
  audienceId: audienceSourceJobs.audienceId,
  error: audienceSourceJobs.error,
  details: audienceSourceJobs.details,
  createdBy: audienceSourceJobs.createdBy,
  createdByEmail: users.email,
  createdAt: audienceSourceJobs.createdAt,
  updatedAt: audienceSourceJobs.updatedAt,
  finishedAt: audienceSourceJobs.finishedAt,
};

export type SourceJobState = "queued" | "running" | "done" | "failed" | "cancelled";

function withState<T extends { status: string }>(row: T) {
  return { ...row, state: row.status as SourceJobState };
}

/** One job; null for an ID that names none (or is not a UUID, as in a mistyped URL). */
export async function getSourceJob(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db.select(jobColumns).from(audienceSourceJobs).leftJoin(users, eq(users.id, audienceSourceJobs.createdBy)).where(eq(audienceSourceJobs.id, id));
  return row ? withState(row) : null;
}

export async function listSourceJobs(db: Db, opts: { limit?: number } = {}) {
  const rows = await db
    .select(jobColumns)
    .from(audienceSourceJobs)
    .leftJoin(users, eq(users.id, audienceSourceJobs.createdBy))
    .orderBy(desc(audienceSourceJobs.createdAt))
    .limit(opts.limit ?? 20);
  return rows.map((r) => withState(r));
}

export function listUnresolved(db: Db, jobId: string, opts: { limit?: number; offset?: number } = {}) {
  return db
    .select({ seq: audienceSourceUnresolved.seq, cloudId: audienceSourceUnresolved.cloudId, reason: audienceSourceUnresolved.reason, detail: audienceSourceUnresolved.detail })
    .from(audienceSourceUnresolved)
    .where(eq(audienceSourceUnresolved.jobId, jobId))
    .orderBy(asc(audienceSourceUnresolved.seq))
    .limit(opts.limit ?? 100_000)
    .offset(opts.offset ?? 0);
}
