import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { type CandidateSource, inBatches, type InvalidRow, PhoneSifter, type SiftFigures } from "./pipeline";

export interface NewAudience {
  name: string;
  /** `paste`, `csv`, `cloudid`, `function`. */
  sourceKind: string;
  sourceLabel?: string | null;
  createdBy: string | null;
}

export interface AudienceReport extends SiftFigures {
  audienceId: string;
  optedOut: number;
  members: number;
  /** The first invalid rows (all of them are stored, up to 100,000, for the download). */
  invalidRows: InvalidRow[];
}

const REPORT_INVALID_ROWS = 100;
const COPY_CHUNK_CHARS = 256 * 1024;
const REJECT_BATCH = 10_000;

/** COPY text format: backslash, tab, newline and carriage return are the characters that need escaping. */
function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!) : s;
}

async function copyMembers(client: pg.PoolClient, audienceId: string, candidates: CandidateSource, sifter: PhoneSifter) {
  const copy = client.query(copyFrom("copy audience_members (audience_id, phone, source) from stdin"));
  // The COPY may fail while the loop is still reading; remember the error rather than let it go unobserved.
  let copyError: unknown;
  copy.on("error", (e) => (copyError ??= e));
  let buffer = "";
  for await (const batch of inBatches(candidates)) {
    for (const candidate of batch) {
      const phone = sifter.sift(candidate);
      if (phone !== null) buffer += `${audienceId}\t${phone}\t${copyText(candidate.source)}\n`;
    }
    if (buffer.length >= COPY_CHUNK_CHARS) {
      if (copyError) throw copyError;
      const flushed = copy.write(buffer);
      buffer = "";
      if (!flushed) await once(copy, "drain");
    }
  }
  if (copyError) throw copyError;
  copy.end(buffer);
  await finished(copy);
}

async function insertRejects(client: pg.PoolClient, audienceId: string, rows: InvalidRow[]) {
  for (let start = 0; start < rows.length; start += REJECT_BATCH) {
    const batch = rows.slice(start, start + REJECT_BATCH);
    await client.query(
      `insert into audience_rejects (audience_id, seq, line, value, reason)
       select $1, s, l, v, r from unnest($2::int[], $3::int[], $4::text[], $5::text[]) as u(s, l, v, r)`,
      [audienceId, batch.map((_, i) => start + i + 1), batch.map((r) => r.line), batch.map((r) => r.value), batch.map((r) => r.reason)],
    );
  }
}


/**
 * The one way an audience is written, whatever its source: every candidate is validated, de-duplicated and
 * COPYed in one transaction; numbers on the opt-out list are then removed. If the input fails part-way
 * (a malformed CSV, a dropped upload) nothing is kept: the transaction is never committed.
 */
export async function writeAudience(
  db: Db,
  audience: NewAudience,
  candidates: CandidateSource,
  details: () => Record<string, unknown> = () => ({}),
  /** Runs in the same transaction just before it commits; throwing keeps no audience (a cancelled job). */
  beforeCommit?: (client: pg.PoolClient, report: AudienceReport) => Promise<void>,
): Promise<AudienceReport> {
  const sifter = new PhoneSifter();
  return inTransaction(db, async (client) => {
    const inserted = await client.query<{ id: string }>(
      "insert into audiences (name, source_kind, source_label, created_by) values ($1, $2, $3, $4) returning id",
      [audience.name, audience.sourceKind, audience.sourceLabel ?? null, audience.createdBy],
    );
    const audienceId = inserted.rows[0].id;
    await copyMembers(client, audienceId, candidates, sifter);
    await insertRejects(client, audienceId, sifter.invalidRows);
    const removed = await client.query(
      "delete from audience_members m using suppressions s where m.audience_id = $1 and m.phone = s.phone",
      [audienceId],
    );
    const { rows, valid, invalid, duplicates } = sifter.figures;
    const optedOut = removed.rowCount ?? 0;
    const members = valid - duplicates - optedOut;
    await client.query(
      `update audiences set row_count = $2, valid_count = $3, invalid_count = $4, duplicate_count = $5,
         opted_out_count = $6, member_count = $7, details = $8 where id = $1`,
      [audienceId, rows, valid, invalid, duplicates, optedOut, members, JSON.stringify(details())],
    );
    const report = { audienceId, ...sifter.figures, optedOut, members, invalidRows: sifter.invalidRows.slice(0, REPORT_INVALID_ROWS) };
    await beforeCommit?.(client, report);
    return report;
  });
}
