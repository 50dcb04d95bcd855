import { type InvalidReason, normalisePhone, phoneKey } from "./phone";

/** One number as it arrived, before validation, with where it came from. */
export interface Candidate {
  value: string;
  /**
   * Where the number came from, kept on the member: `paste`, `csv:<filename>:<line>`,
   * and from issue 8 `cloudid:<id>` or `function:<name>`.
   */
  source: string;
  /** Line (or position) in the input, shown in the report of invalid rows. */
  line?: number;
}

/**
 * Candidates as a list, or as a stream of single candidates or of batches. Streams of batches (the CSV reader's)
 * keep a per-row await out of the hot loop, which is costly inside the web server.
 */
export type CandidateSource = Iterable<Candidate> | AsyncIterable<Candidate | Candidate[]>;

/** Any source as batches, so that consumers loop synchronously within each one. */
export async function* inBatches(source: CandidateSource, size = 5000): AsyncGenerator<Candidate[]> {
  if (Symbol.asyncIterator in source) {
    for await (const item of source) yield Array.isArray(item) ? item : [item];
    return;
  }
  let batch: Candidate[] = [];
  for (const candidate of source) {
    batch.push(candidate);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export interface InvalidRow {
  line: number | null;
  value: string;
  reason: InvalidReason;
  source: string;
}

/**
 * The figures of an import. `valid = members + duplicates + optedOut`; `rows = valid + invalid`.
 * `optedOut` counts distinct numbers found on the suppression list when the audience was written.
 */
export interface SiftFigures {
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
}

/** Invalid rows kept for the report and its download; beyond this only the count grows. */
export const INVALID_ROWS_KEPT = 100_000;
const VALUE_KEPT_CHARS = 200;

/**
 * The validation and de-duplication every audience source goes through, one candidate at a time,
 * in memory proportional to the distinct numbers only (a Set of 11-digit keys).
 */
export class PhoneSifter {
  readonly figures: SiftFigures = { rows: 0, valid: 0, invalid: 0, duplicates: 0 };
  readonly invalidRows: InvalidRow[] = [];
  private readonly seen = new Set<number>();

  constructor(private readonly keepInvalid = INVALID_ROWS_KEPT) {}

  /** The normalised number when it is valid and new; null when it is invalid or a duplicate. */
  sift(candidate: Candidate): string | null {
    this.figures.rows++;
    const result = normalisePhone(candidate.value);
    if (!result.ok) {
      this.figures.invalid++;
      if (this.invalidRows.length < this.keepInvalid) {
        this.invalidRows.push({
          line: candidate.line ?? null,
          value: candidate.value.slice(0, VALUE_KEPT_CHARS),
          reason: result.reason,
          source: candidate.source,
        });
      }
      return null;
    }
    this.figures.valid++;
    const key = phoneKey(result.phone);
    if (this.seen.has(key)) {
      this.figures.duplicates++;
      return null;
    }
    this.seen.add(key);
    return result.phone;
  }
}
