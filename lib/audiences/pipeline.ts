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
  private readonly seen = new PhoneKeySet();

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
          // PostgreSQL's text cannot hold NUL; the report shows where it was.
          value: candidate.value.slice(0, VALUE_KEPT_CHARS).replace(/\0/g, "\ufffd"),
          reason: result.reason,
          source: candidate.source,
        });
      }
      return null;
    }
    this.figures.valid++;
    if (!this.seen.add(phoneKey(result.phone))) {
      this.figures.duplicates++;
      return null;
    }
    return result.phone;
  }
}

/**
 * The set of numbers already seen in an import. A `Set<number>` of a million 11-digit keys (doubles, not small
 * integers) spent more time hashing and growing than the whole CSV parse; this open-addressing table of doubles
 * costs a multiply and a compare per number, in 16–32 MB for a million. Keys are positive (0 marks a free slot).
 */
export class PhoneKeySet {
  private slots = new Float64Array(1 << 16);
  private shift = 32 - 16;
  size = 0;

  /** Adds the key; false when it was already there. */
  add(key: number): boolean {
    if (this.size * 2 >= this.slots.length) this.grow();
    return this.insert(key);
  }

  private insert(key: number): boolean {
    const slots = this.slots;
    const mask = slots.length - 1;
    // Fibonacci hashing of the low 32 bits mixed with the high ones (keys reach 2^35): the top bits of the product.
    let i = Math.imul((key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x85ebca77), 0x9e3779b1) >>> this.shift;
    for (;;) {
      const slot = slots[i];
      if (slot === key) return false;
      if (slot === 0) {
        slots[i] = key;
        this.size++;
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  private grow() {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.shift--;
    this.size = 0;
    for (const key of old) if (key !== 0) this.insert(key);
  }
}
