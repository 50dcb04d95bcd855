import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { audienceSourceJobs, audienceSourceUnresolved, users } from "@/lib/db/schema";
import { log } from "@/lib/log";
import type { WechatClient } from "@/lib/wechat";
import { createAudienceFromCandidates } from "../audiences";
import type { AudienceReport } from "../write";
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

/** A running job not touched for this long was cut off (the server stopped); the page says so. */
export const STALE_AFTER_MS = 2 * 60_000;
const PROGRESS_EVERY_MS = 300;
const UNRESOLVED_BATCH = 5_000;

export async function createSourceJob(db: Db, job: NewSourceJob): Promise<string> {
  const [row] = await db
    .insert(audienceSourceJobs)
    .values({
      kind: job.sourceKind,
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

/**
 * Runs a job to its end: resolves cloudIDs (if any) with progress written to the job row, then builds the
 * audience through the same pipeline as every other source (validation, de-duplication, opt-outs).
 * Never throws: a failure is written to the job as `failed` with its reason.
 */
export async function runSourceJob(db: Db, wechat: WechatClient, jobId: string, input: JobInput, options: Omit<ResolveOptions, "onProgress"> = {}): Promise<void> {
  const [job] = await db.select().from(audienceSourceJobs).where(eq(audienceSourceJobs.id, jobId));
  if (!job) throw new Error(`No audience source job ${jobId}`);
  const sourceKind = job.kind as SourceKind;
  try {
    let candidates: Candidate[];
    if (input.kind === "cloudids") {
      let lastWrite = 0;
      const { resolved, unresolved } = await resolveCloudIds(wechat, input.ids, {
        ...options,
        onProgress: async (p) => {
          if (Date.now() - lastWrite < PROGRESS_EVERY_MS && p.processed < p.total) return;
          lastWrite = Date.now();
          await db
            .update(audienceSourceJobs)
            .set({ processed: p.processed, resolved: p.resolved, unresolved: p.unresolved, updatedAt: new Date() })
            .where(eq(audienceSourceJobs.id, jobId));
        },
      });
      await saveUnresolved(db, jobId, unresolved);
      await db
        .update(audienceSourceJobs)
        .set({ phase: "writing", processed: input.ids.length, resolved: resolved.length, unresolved: unresolved.length, updatedAt: new Date() })
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
    const [progress] = await db.select().from(audienceSourceJobs).where(eq(audienceSourceJobs.id, jobId));
    const report: AudienceReport = await createAudienceFromCandidates(
      db,
      {
        name: job.audienceName,
        createdBy: job.createdBy,
        sourceKind,
        sourceLabel: job.label,
        details: {
          jobId,
          ...(input.kind === "cloudids"
            ? { cloudIds: input.ids.length, resolved: progress.resolved, unresolved: progress.unresolved, duplicateCloudIds: job.duplicateIds }
            : {}),
          ...job.details,
        },
      },
      candidates,
    );
    await db
      .update(audienceSourceJobs)
      .set({
        status: "done",
        audienceId: report.audienceId,
        processed: input.kind === "cloudids" ? input.ids.length : input.phones.length,
        resolved: input.kind === "cloudids" ? progress.resolved : input.phones.length,
        updatedAt: new Date(),
        finishedAt: new Date(),
        details: { ...job.details, report: { rows: report.rows, valid: report.valid, invalid: report.invalid, duplicates: report.duplicates, optedOut: report.optedOut, members: report.members } },
      })
      .where(eq(audienceSourceJobs.id, jobId));
  } catch (error) {
    const reason =
      error instanceof SourceError ? error.toJSON() : { code: "internal", params: { message: error instanceof Error ? error.message.slice(0, 300) : String(error) } };
    log.warn({ jobId, reason }, "audience source job failed");
    await db
      .update(audienceSourceJobs)
      .set({ status: "failed", error: reason as Record<string, unknown>, updatedAt: new Date(), finishedAt: new Date() })
      .where(eq(audienceSourceJobs.id, jobId));
  }
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

function withState<T extends { status: string; updatedAt: Date }>(row: T, now: Date) {
  const interrupted = row.status === "running" && now.getTime() - row.updatedAt.getTime() > STALE_AFTER_MS;
  return { ...row, state: interrupted ? ("interrupted" as const) : (row.status as "running" | "done" | "failed") };
}

export async function getSourceJob(db: Db, id: string, now = new Date()) {
  const [row] = await db.select(jobColumns).from(audienceSourceJobs).leftJoin(users, eq(users.id, audienceSourceJobs.createdBy)).where(eq(audienceSourceJobs.id, id));
  return row ? withState(row, now) : null;
}

export async function listSourceJobs(db: Db, opts: { limit?: number } = {}, now = new Date()) {
  const rows = await db
    .select(jobColumns)
    .from(audienceSourceJobs)
    .leftJoin(users, eq(users.id, audienceSourceJobs.createdBy))
    .orderBy(desc(audienceSourceJobs.createdAt))
    .limit(opts.limit ?? 20);
  return rows.map((r) => withState(r, now));
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
