import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { PhoneView } from "@/lib/auth/roles";
import type { Db } from "@/lib/db";
import { audienceMembers, audienceRejects, audiences, sendBatches, sendTasks, suppressions, users } from "@/lib/db/schema";
import { type CsvInput, type CsvLayout, type CsvOptions, readCsvPhones } from "./csv";
import { pastedCandidates } from "./paste";
import { showPhone } from "./phone";
import type { CandidateSource } from "./pipeline";
import { type AudienceReport, writeAudience } from "./write";
import { isUuid } from "@/lib/ids";

export interface CreateAudienceInput {
  name: string;
  createdBy: string | null;
}

export interface CsvAudienceReport extends AudienceReport {
  layout: CsvLayout;
}

/**
 * From pasted text (numbers separated by newlines or commas) or a list of values already split.
 * Each entry's line is its line in the text, or its position in the list.
 */
export function createAudienceFromPhones(db: Db, input: CreateAudienceInput & { phones: string | string[] }): Promise<AudienceReport> {
  return writeAudience(db, { name: input.name, sourceKind: "paste", createdBy: input.createdBy }, pastedCandidates(input.phones));
}

/**
 * From a CSV file, streamed. All or nothing: a file over the limits or malformed part-way (`CsvImportError`)
 * leaves no audience behind; rows with invalid numbers are reported, not fatal.
 */
export async function createAudienceFromCsv(
  db: Db,
  stream: CsvInput,
  input: CreateAudienceInput & CsvOptions,
): Promise<CsvAudienceReport> {
  const csv = readCsvPhones(stream, input);
  const report = await writeAudience(
    db,
    { name: input.name, sourceKind: "csv", sourceLabel: input.filename, createdBy: input.createdBy },
    csv.batches,
    () => ({ layout: csv.layout() }),
  );
  return { ...report, layout: csv.layout()! };
}

/** Creates an audience from any source's candidates (issue 8: cloudIDs, cloud functions), with the same rules. */
export function createAudienceFromCandidates(
  db: Db,
  input: CreateAudienceInput & { sourceKind: string; sourceLabel?: string | null; details?: Record<string, unknown> },
  candidates: CandidateSource,
  beforeCommit?: Parameters<typeof writeAudience>[4],
): Promise<AudienceReport> {
  return writeAudience(db, input, candidates, () => input.details ?? {}, beforeCommit);
}

const audienceColumns = {
  id: audiences.id,
  name: audiences.name,
  sourceKind: audiences.sourceKind,
  sourceLabel: audiences.sourceLabel,
  createdAt: audiences.createdAt,
  createdBy: audiences.createdBy,
  createdByEmail: users.email,
  createdByName: users.name,
  rowCount: audiences.rowCount,
  validCount: audiences.validCount,
  invalidCount: audiences.invalidCount,
  duplicateCount: audiences.duplicateCount,
  optedOutCount: audiences.optedOutCount,
  memberCount: audiences.memberCount,
  details: audiences.details,
};

export type AudienceSummary = Awaited<ReturnType<typeof listAudiences>>[number];

/** Newest first, with the figures of each import. */
export function listAudiences(db: Db, opts: { limit?: number; offset?: number } = {}) {
  return db
    .select(audienceColumns)
    .from(audiences)
    .leftJoin(users, eq(users.id, audiences.createdBy))
    .orderBy(desc(audiences.createdAt), desc(audiences.id))
    .limit(opts.limit ?? 200)
    .offset(opts.offset ?? 0);
}

/** Null for an unknown audience, and for an id that is not even a UUID (it comes from a URL). */
export async function getAudience(db: Db, id: string): Promise<AudienceSummary | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select(audienceColumns).from(audiences).leftJoin(users, eq(users.id, audiences.createdBy)).where(eq(audiences.id, id));
  return row ?? null;
}

/** Members of an audience who would be sent to now: the opt-out list is read at this moment, as at send time. */
export async function countSendableMembers(db: Db, audienceId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(audienceMembers)
    .where(
      and(
        eq(audienceMembers.audienceId, audienceId),
        // Qualified by hand: drizzle may render a lone column unqualified, which inside the subquery would mean s.phone.
        sql`not exists (select 1 from ${suppressions} s where s.phone = "audience_members"."phone")`,
      ),
    );
  return row.n;
}

export async function listAudienceMembers(db: Db, audienceId: string, opts: { limit?: number; offset?: number; phones: PhoneView }) {
  const rows = await db
    .select({ phone: audienceMembers.phone, source: audienceMembers.source, optedOut: sql<boolean>`exists (select 1 from ${suppressions} s where s.phone = "audience_members"."phone")` })
    .from(audienceMembers)
    .where(eq(audienceMembers.audienceId, audienceId))
    .orderBy(asc(audienceMembers.phone))
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0);
  return rows.map((r) => ({ ...r, phone: showPhone(r.phone, opts.phones) }));
}

/** The stored invalid rows of an import, in input order. */
export async function listInvalidRows(db: Db, audienceId: string, opts: { limit?: number; offset?: number; phones: PhoneView }) {
  const rows = await db
    .select({ line: audienceRejects.line, value: audienceRejects.value, reason: audienceRejects.reason })
    .from(audienceRejects)
    .where(eq(audienceRejects.audienceId, audienceId))
    .orderBy(asc(audienceRejects.seq))
    .limit(opts.limit ?? 100_000)
    .offset(opts.offset ?? 0);
  // What was typed may be a whole number with a typo: analysts see it masked too.
  return rows.map((r) => ({ ...r, value: showPhone(r.value, opts.phones) }));
}

/**
 * Deletes the audience with its members. Refused ("inUse") while a task made from it still has unprepared batches,
 * those not yet sent or written cancelled (lib/campaigns/claim.ts, prepare.ts): their numbers are read from the
 * members, which would be lost.
 */
export async function deleteAudience(db: Db, audienceId: string): Promise<"deleted" | "notFound" | "inUse"> {
  if (!isUuid(audienceId)) return "notFound";
  return db.transaction(async (tx) => {
    // Task creation holds a share lock on the audience it reads (lib/campaigns/create-task.ts): this waits for a task
    // being made from it, then sees that task's batches.
    const [audience] = await tx.select({ id: audiences.id }).from(audiences).where(eq(audiences.id, audienceId)).for("update");
    if (!audience) return "notFound";
    const [preparing] = await tx
      .select({ id: sendBatches.id })
      .from(sendBatches)
      .innerJoin(sendTasks, eq(sendTasks.id, sendBatches.taskId))
      .where(and(eq(sendTasks.audienceId, audienceId), eq(sendBatches.prepared, false)))
      .limit(1);
    if (preparing) return "inUse";
    await tx.delete(audienceMembers).where(eq(audienceMembers.audienceId, audienceId));
    await tx.delete(audienceRejects).where(eq(audienceRejects.audienceId, audienceId));
    await tx.delete(audiences).where(eq(audiences.id, audienceId));
    return "deleted";
  });
}
