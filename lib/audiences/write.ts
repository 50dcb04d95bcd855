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
const REJECT_BATCH = 10_000;

/** The COPY binary format's signature, flags and header extension length (PostgreSQL docs, "Binary Format"). */
const BINARY_HEADER = Buffer.concat([Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(8)]);
/** The field count -1 that ends the data. */
const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/**
 * One audience's member rows in COPY's binary format, written straight into buffers of about 256 KB. Built as text
 * strings, joining and then encoding a million small pieces cost a sixth of the import's CPU, on the same two cores
 * as the COPY; and PostgreSQL reads the binary rows about 15 % faster (no text to split and unescape, the uuid as its
 * 16 bytes). A buffer handed out is never written again: pg-copy-streams may still be sending it.
 */
export class MemberRows {
  static readonly COPY = "copy audience_members (audience_id, phone, source) from stdin (format binary)";
  static readonly CHUNK_BYTES = 256 * 1024;
  /** Each row's start: 3 fields, then the audience's uuid as a 16-byte field. */
  private readonly rowStart: Buffer;
  private chunk = Buffer.allocUnsafe(MemberRows.CHUNK_BYTES);
  private length = BINARY_HEADER.copy(this.chunk, 0);
  private readonly full: Buffer[] = [];

  constructor(audienceId: string) {
    this.rowStart = Buffer.alloc(2 + 4 + 16);
    this.rowStart.writeInt16BE(3, 0);
    this.rowStart.writeInt32BE(16, 2);
    Buffer.from(audienceId.replace(/-/g, ""), "hex").copy(this.rowStart, 6);
  }

  /** `phone` is a normalised number (ASCII); `source` any text without NUL characters. */
  add(phone: string, source: string): void {
    // At most: the row's start, the number and the source each with their length, 3 bytes of UTF-8 a character.
    const most = this.rowStart.length + 4 + phone.length + 4 + source.length * 3;
    if (this.length + most > this.chunk.length) this.startChunk(most);
    const chunk = this.chunk;
    let at = this.length + this.rowStart.copy(chunk, this.length);
    at = chunk.writeInt32BE(phone.length, at);
    for (let i = 0; i < phone.length; i++) chunk[at++] = phone.charCodeAt(i);
    const sourceAt = at + 4;
    at = sourceAt;
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (c >= 0x80) {
        at += chunk.write(source.slice(i), at, "utf8");
        break;
      }
      chunk[at++] = c;
    }
    chunk.writeInt32BE(at - sourceAt, sourceAt - 4);
    this.length = at;
  }

  /** The buffers filled so far, each handed out once. */
  takeFull(): Buffer[] {
    return this.full.splice(0);
  }

  /** Everything not yet handed out, with the end of the data: no row may be added after this. */
  takeAll(): Buffer[] {
    if (this.length > 0) this.startChunk(0);
    this.full.push(BINARY_TRAILER);
    return this.takeFull();
  }

  private startChunk(atLeast: number) {
    if (this.length > 0) this.full.push(this.chunk.subarray(0, this.length));
    this.chunk = Buffer.allocUnsafe(Math.max(MemberRows.CHUNK_BYTES, atLeast));
    this.length = 0;
  }
}

async function copyMembers(client: pg.PoolClient, audienceId: string, candidates: CandidateSource, sifter: PhoneSifter) {
  const copy = client.query(copyFrom(MemberRows.COPY));
  // The COPY may fail while the loop is still reading; remember the error rather than let it go unobserved.
  let copyError: unknown;
  copy.on("error", (e) => (copyError ??= e));
  const rows = new MemberRows(audienceId);
  for await (const batch of inBatches(candidates)) {
    for (const candidate of batch) {
      const phone = sifter.sift(candidate);
      if (phone !== null) rows.add(phone, candidate.source);
    }
    for (const chunk of rows.takeFull()) {
      if (copyError) throw copyError;
      if (!copy.write(chunk)) await once(copy, "drain");
    }
  }
  if (copyError) throw copyError;
  for (const chunk of rows.takeAll()) copy.write(chunk);
  copy.end();
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
