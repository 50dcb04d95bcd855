import { count, desc, eq, ilike, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { PhoneView } from "@/lib/auth/roles";
import type { Db } from "@/lib/db";
import { suppressionRemovals, suppressions, users } from "@/lib/db/schema";
import { type CsvInput, type CsvLayout, type CsvOptions, readCsvPhones } from "./csv";
import { pastedCandidates } from "./paste";
import { type CandidateSource, inBatches, type InvalidRow, PhoneSifter, type SiftFigures } from "./pipeline";
import { normalisePhone, showPhone } from "./phone";
import { inTransaction } from "@/lib/db/transaction";
import { audit } from "@/lib/auth/audit";

export interface SuppressionReport extends SiftFigures {
  added: number;
  /** Valid, distinct numbers that were on the list already (their original reason and date are kept). */
  alreadyListed: number;
  invalidRows: InvalidRow[];
}

interface AddInput {
  reason: string;
  addedBy: string | null;
}

const BATCH = 10_000;

async function addCandidates(db: Db, input: AddInput, source: CandidateSource): Promise<SuppressionReport> {
  const sifter = new PhoneSifter(1000);
  return inTransaction(db, async (client) => {
    let added = 0;
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const r = await client.query(
        "insert into suppressions (phone, reason, added_by) select unnest($1::text[]), $2, $3 on conflict (phone) do nothing",
        [batch, input.reason, input.addedBy],
      );
      added += r.rowCount ?? 0;
      batch = [];
    };
    for await (const candidates of inBatches(source)) {
      for (const candidate of candidates) {
        const phone = sifter.sift(candidate);
        if (phone !== null) batch.push(phone);
      }
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    const { valid, duplicates } = sifter.figures;
    return { ...sifter.figures, added, alreadyListed: valid - duplicates - added, invalidRows: sifter.invalidRows.slice(0, 100) };
  });
}

/** Adds numbers in any shape (pasted text or a list) to the opt-out list; invalid ones are reported, not added. */
export function addSuppressions(db: Db, input: AddInput & { phones: string | string[] }): Promise<SuppressionReport> {
  return addCandidates(db, input, pastedCandidates(input.phones));
}

/** Imports an opt-out list from a CSV file, with the same detection and limits as audiences; all or nothing. */
export async function importSuppressionsFromCsv(
  db: Db,
  stream: CsvInput,
  input: AddInput & Pick<CsvOptions, "filename" | "phoneColumn" | "hasHeader">,
): Promise<SuppressionReport & { layout: CsvLayout }> {
  const csv = readCsvPhones(stream, input);
  const report = await addCandidates(db, input, csv.batches);
  return { ...report, layout: csv.layout()! };
}

/**
 * Takes a number off the list and records who did and when, with who had added it, in the removals table and the
 * audit log. Returns false when the number was not on the list.
 */
export async function removeSuppression(db: Db, phone: string, removedBy: string | null): Promise<boolean> {
  const normalised = normalisePhone(phone);
  if (!normalised.ok) return false;
  return db.transaction(async (tx) => {
    const [removed] = await tx.delete(suppressions).where(eq(suppressions.phone, normalised.phone)).returning();
    if (!removed) return false;
    const { phone, reason, addedBy, addedAt } = removed;
    await tx.insert(suppressionRemovals).values({ phone, reason, addedBy, addedAt, removedBy });
    await audit(removedBy, "optout.remove", phone, { reason, addedBy, addedAt: addedAt.toISOString() }, tx);
    return true;
  });
}

/** Whether a number, in any shape, is on the opt-out list. */
export async function isSuppressed(db: Db, phone: string): Promise<boolean> {
  const normalised = normalisePhone(phone);
  if (!normalised.ok) return false;
  const [row] = await db.select({ phone: suppressions.phone }).from(suppressions).where(eq(suppressions.phone, normalised.phone));
  return row !== undefined;
}

/**
 * Which of these normalised numbers (`+86…`) are on the opt-out list now: for a sender's last check on a batch,
 * right before it goes out.
 */
export async function suppressedAmong(db: Db, phones: string[]): Promise<Set<string>> {
  if (phones.length === 0) return new Set();
  // One array parameter rather than a thousand: the sender asks this for every batch.
  const rows = await db.select({ phone: suppressions.phone }).from(suppressions).where(sql`${suppressions.phone} = any(${sql.param(phones)}::text[])`);
  return new Set(rows.map((r) => r.phone));
}

/** The list, newest first; `search` matches any part of the number. */
export async function listSuppressions(db: Db, opts: { search?: string; limit?: number; offset?: number; phones: PhoneView }) {
  const digits = (opts.search ?? "").replace(/\D/g, "");
  const where = digits ? ilike(suppressions.phone, `%${digits}%`) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        phone: suppressions.phone,
        reason: suppressions.reason,
        addedAt: suppressions.addedAt,
        addedByEmail: users.email,
        addedByName: users.name,
      })
      .from(suppressions)
      .leftJoin(users, eq(users.id, suppressions.addedBy))
      .where(where)
      .orderBy(desc(suppressions.addedAt), desc(suppressions.phone))
      .limit(opts.limit ?? 100)
      .offset(opts.offset ?? 0),
    db.select({ n: count() }).from(suppressions).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r, phone: showPhone(r.phone, opts.phones) })), total: total.n };
}

/** Numbers taken off the list, newest first, with who added and who removed them. */
export async function listSuppressionRemovals(db: Db, opts: { limit?: number; phones: PhoneView }) {
  const adder = alias(users, "adder");
  const remover = alias(users, "remover");
  const rows = await db
    .select({
      phone: suppressionRemovals.phone,
      reason: suppressionRemovals.reason,
      addedAt: suppressionRemovals.addedAt,
      addedByEmail: adder.email,
      removedAt: suppressionRemovals.removedAt,
      removedByEmail: remover.email,
    })
    .from(suppressionRemovals)
    .leftJoin(adder, eq(adder.id, suppressionRemovals.addedBy))
    .leftJoin(remover, eq(remover.id, suppressionRemovals.removedBy))
    .orderBy(desc(suppressionRemovals.removedAt))
    .limit(opts.limit ?? 100);
  return rows.map((r) => ({ ...r, phone: showPhone(r.phone, opts.phones) }));
}
