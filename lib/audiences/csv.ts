import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CsvError, Parser } from "csv-parse";
import { SNIFF_BYTES, sniffEncoding, type TextEncodingName } from "./encoding";
import { normalisePhone } from "./phone";
import type { Candidate } from "./pipeline";

export const CSV_MAX_BYTES = 30 * 1024 * 1024;
export const CSV_MAX_ROWS = 1_000_000;
/** Rows read before deciding which column holds the numbers and whether the first row is a header. */
const SAMPLE_ROWS = 50;
const DELIMITERS = [",", "\t", ";", "|"] as const;
const PHONE_HEADER = /phone|mobile|tel|cell|手机|电话|號碼|号码|联系方式/i;

export type CsvProblem = "too_large" | "too_many_rows" | "malformed" | "no_rows" | "no_such_column";

/** What the parser stumbled on in a malformed file, as the `reason` of its message (`audiences.csvErrors.malformed`). */
export type CsvMalformedReason = "unclosed_quote" | "bad_quote" | "record_too_large" | "other";

export type CsvProblemParams = {
  line?: number;
  /** too_large: the limit in MB. */
  maxMegabytes?: number;
  /** too_many_rows: the limit. */
  maxRows?: number;
  /** no_such_column: the column asked for, by its 1-based number or its header name, and how many the file has. */
  by?: "number" | "name";
  column?: string | number;
  columns?: number;
  /** no_rows: `header_only` when a header row has nothing under it. */
  detail?: "empty" | "header_only";
  reason?: CsvMalformedReason;
};

/**
 * The file as a whole cannot be imported; nothing of it is kept (see `createAudienceFromCsv`). `problem` and `params`
 * are the error code the UI translates (`audiences.csvErrors.<problem>`); the message is the same, for logs.
 */
export class CsvImportError extends Error {
  constructor(
    readonly problem: CsvProblem,
    readonly params: CsvProblemParams = {},
  ) {
    super(`${problem} ${JSON.stringify(params)}`);
    this.name = "CsvImportError";
  }

  get line(): number | undefined {
    return this.params.line;
  }
}

const MALFORMED_REASONS: Record<string, CsvMalformedReason> = {
  CSV_QUOTE_NOT_CLOSED: "unclosed_quote",
  CSV_INVALID_CLOSING_QUOTE: "bad_quote",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "bad_quote",
  CSV_MAX_RECORD_SIZE: "record_too_large",
};

export interface CsvOptions {
  /** The uploaded file's name, kept in each member's `source` as `csv:<filename>:<line>`. */
  filename: string;
  /** 0-based index or header name; detected when absent. */
  phoneColumn?: number | string;
  /** Detected when absent. */
  hasHeader?: boolean;
  maxBytes?: number;
  maxRows?: number;
}

export interface CsvLayout {
  delimiter: string;
  hasHeader: boolean;
  /** 0-based. */
  phoneColumn: number;
  /** The header cell of the phone column, when there is a header. */
  columnName: string | null;
  /** `utf-8`, `gb18030` for files saved by Excel on Chinese Windows (GBK), or UTF-16 (Excel's "Unicode Text"). */
  encoding: TextEncodingName;
}

interface NumberedRecord {
  record: string[];
  line: number;
}

/**
 * Emits the records of each input chunk as one array, each with the file line it ended on. One stream read per chunk
 * instead of per record matters inside the web server, where every awaited promise also carries the request's async
 * context: per-record reads made a million-row upload four times slower there than in the benchmark. csv-parse's own
 * `info: true` copies its state for every record; its live `info.lines` is exact at push time.
 */
class BatchingParser extends Parser {
  private batch: NumberedRecord[] = [];

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record === null) {
      this.flushBatch();
      return super.push(null, encoding);
    }
    this.batch.push({ record: record as string[], line: this.info.lines });
    return true;
  }

  override _transform(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    super._transform(chunk, encoding, (error?: Error | null) => {
      this.flushBatch();
      callback(error);
    });
  }

  override _flush(callback: (error?: Error | null) => void): void {
    super._flush((error?: Error | null) => {
      this.flushBatch();
      callback(error);
    });
  }

  private flushBatch() {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    super.push(batch);
  }
}

export type CsvInput = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

function asAsyncIterable(input: CsvInput): AsyncIterable<Uint8Array | string> {
  if (typeof (input as ReadableStream).getReader === "function" && !(Symbol.asyncIterator in input)) {
    return Readable.fromWeb(input as import("node:stream/web").ReadableStream<Uint8Array>);
  }
  return input as AsyncIterable<Uint8Array | string>;
}

function sniffDelimiter(firstChunk: string): string {
  const firstLine = firstChunk.split(/\r?\n/, 1)[0] ?? "";
  let best: string = ",";
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) n++;
  return n;
}

/**
 * Decides the layout from the first rows: the phone column is the one with the most valid numbers
 * (a header that names a phone breaks ties), and the first row is a header when none of its cells is a valid number
 * and its phone cell does not even look like an attempt at one.
 */
export function detectLayout(
  sample: string[][],
  delimiter: string,
  options: Pick<CsvOptions, "phoneColumn" | "hasHeader"> = {},
  encoding: CsvLayout["encoding"] = "utf-8",
): CsvLayout {
  const first = sample[0] ?? [];
  const width = Math.max(1, ...sample.map((r) => r.length));
  const isValid = (cell: string | undefined) => cell !== undefined && normalisePhone(cell).ok;

  let phoneColumn: number;
  if (typeof options.phoneColumn === "number") {
    phoneColumn = options.phoneColumn;
    if (phoneColumn >= width) {
      throw new CsvImportError("no_such_column", { line: 1, by: "number", column: phoneColumn + 1, columns: width });
    }
  } else if (typeof options.phoneColumn === "string") {
    const wanted = options.phoneColumn.trim().toLowerCase();
    phoneColumn = first.findIndex((c) => c.trim().toLowerCase() === wanted);
    if (phoneColumn < 0) {
      throw new CsvImportError("no_such_column", { line: 1, by: "name", column: options.phoneColumn, columns: width });
    }
  } else {
    const score = (c: number) => sample.reduce((n, row) => n + (isValid(row[c]) ? 1 : 0), 0);
    phoneColumn = 0;
    let best = -1;
    for (let c = 0; c < width; c++) {
      // A named phone column wins a tie, which matters most when every sampled number is invalid.
      const s = score(c) * 2 + (PHONE_HEADER.test(first[c] ?? "") ? 1 : 0);
      if (s > best) [phoneColumn, best] = [c, s];
    }
  }

  const hasHeader =
    options.hasHeader ??
    (typeof options.phoneColumn === "string" ||
      (sample.length > 0 && !first.some(isValid) && digitCount(first[phoneColumn] ?? "") < 7));
  return { delimiter, hasHeader, phoneColumn, columnName: hasHeader ? (first[phoneColumn]?.trim() ?? null) : null, encoding };
}

function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  return base.replace(/[\u0000-\u001f]/g, "").slice(0, 120) || "upload.csv";
}

/**
 * Streams the phone column of a CSV file as batches of candidates, never holding the file in memory.
 * Throws `CsvImportError` for a file that cannot be read as a whole: over the size or row limit, or malformed
 * (an unclosed quote, a record too large); a row whose number is merely invalid is a candidate like any other.
 */
export function readCsvPhones(input: CsvInput, options: CsvOptions): { batches: AsyncGenerator<Candidate[]>; layout: () => CsvLayout | undefined } {
  const maxBytes = options.maxBytes ?? CSV_MAX_BYTES;
  const maxRows = options.maxRows ?? CSV_MAX_ROWS;
  const filename = safeFilename(options.filename);
  let layout: CsvLayout | undefined;

  async function* batches(): AsyncGenerator<Candidate[]> {
    const iterator = asAsyncIterable(input)[Symbol.asyncIterator]();
    // The encoding and the delimiter are read from the file's start, however small the chunks it arrives in.
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (headBytes < SNIFF_BYTES) {
      const r = await iterator.next();
      if (r.done) {
        ended = true;
        break;
      }
      const chunk = Buffer.from(r.value);
      head.push(chunk);
      headBytes += chunk.length;
    }
    if (headBytes === 0) throw new CsvImportError("no_rows", { detail: "empty" });
    const firstChunk = Buffer.concat(head);
    const encoding = sniffEncoding(firstChunk);
    const decoder = new TextDecoder(encoding);
    const delimiter = sniffDelimiter(new TextDecoder(encoding).decode(firstChunk.subarray(0, SNIFF_BYTES)));

    async function* limited(): AsyncGenerator<Buffer | string> {
      let bytes = 0;
      const take = (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) throw tooLarge();
        // UTF-8 goes to the parser as bytes; GBK and UTF-16 are decoded here, characters split across chunks included.
        return encoding === "utf-8" ? chunk : decoder.decode(chunk, { stream: true });
      };
      yield take(firstChunk);
      if (!ended) for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield take(Buffer.from(r.value));
    }
    function tooLarge() {
      return new CsvImportError("too_large", { maxMegabytes: Math.round(maxBytes / 1024 / 1024) });
    }

    const parser = new BatchingParser({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: false,
      skip_empty_lines: true,
      max_record_size: 64 * 1024,
    });
    const feeding = pipeline(Readable.from(limited()), parser);
    // The parser reports the feeding error itself; this only keeps an unobserved rejection from crashing the process.
    feeding.catch(() => {});

    const sample: NumberedRecord[] = [];
    let rows = 0;
    const candidate = ({ record, line }: NumberedRecord): Candidate => {
      if (++rows > maxRows) {
        throw new CsvImportError("too_many_rows", { line, maxRows });
      }
      return { value: record[layout!.phoneColumn] ?? "", line, source: `csv:${filename}:${line}` };
    };
    function decide(): Candidate[] {
      layout = detectLayout(
        sample.map((s) => s.record),
        delimiter,
        options,
        encoding,
      );
      return (layout.hasHeader ? sample.slice(1) : sample).map(candidate);
    }

    try {
      for await (const records of parser as AsyncIterable<NumberedRecord[]>) {
        let rest = records;
        if (!layout) {
          const wanted = SAMPLE_ROWS - sample.length;
          sample.push(...records.slice(0, wanted));
          if (sample.length < SAMPLE_ROWS) continue;
          rest = records.slice(wanted);
          yield decide();
        }
        yield rest.map(candidate);
      }
      if (!layout) {
        if (sample.length === 0) throw new CsvImportError("no_rows", { detail: "empty" });
        yield decide();
      }
      if (rows === 0) throw new CsvImportError("no_rows", { detail: "header_only" });
    } catch (e) {
      if (e instanceof CsvError) {
        const line = typeof e.lines === "number" ? e.lines : undefined;
        throw new CsvImportError("malformed", { ...(line ? { line } : {}), reason: MALFORMED_REASONS[e.code] ?? "other" });
      }
      throw e;
    } finally {
      parser.destroy();
    }
  }

  return { batches: batches(), layout: () => layout };
}
