/**
 * getStatistics answers in columns: `data_column` says each column's id and type, `data_value` holds rows of
 * strings. This turns them into rows keyed by `col_id`, with numbers as numbers. Both the HTTPS form
 * (snake_case) and the cloud-call form (camelCase) decode the same.
 */

export type Cell = string | number;
export type ColumnarRow = Record<string, Cell>;

/** `col_data_type`: "0" string, "1" integer, "2" double. Any other type is kept as a string. */
export const COLUMN_TYPE = { string: "0", integer: "1", double: "2" } as const;

export interface ColumnDef {
  colId: string;
  colName: string;
  colDataType: string;
}

interface SnakeColumn {
  col_id: string;
  col_name?: string;
  col_data_type: string | number;
}
interface CamelColumn {
  colId: string;
  colName?: string;
  colDataType: string | number;
}

/** Either wire form, or a mix (as seen from proxies that convert only some keys). Rows may also be bare arrays. */
export interface ColumnarResponse {
  data_column?: (SnakeColumn | CamelColumn)[];
  dataColumn?: (SnakeColumn | CamelColumn)[];
  data_value?: ({ data_value: string[] } | { dataValue: string[] } | string[])[];
  dataValue?: ({ data_value: string[] } | { dataValue: string[] } | string[])[];
  total_num?: number | string;
  totalNum?: number | string;
}

export interface ColumnarTable<Row = ColumnarRow> {
  columns: ColumnDef[];
  rows: Row[];
  /** Rows on the server for the whole query (for paging); the number of rows when the answer has none. */
  totalNum: number;
}

export class ColumnarDecodeError extends Error {
  constructor(
    readonly column: string,
    /** 0-based index of the row in its page. */
    readonly row: number,
    readonly value: unknown,
    problem: string,
  ) {
    super(`Column "${column}", row ${row}: ${JSON.stringify(value)} ${problem}`);
    this.name = "ColumnarDecodeError";
  }
}

export function columnsOf(response: ColumnarResponse): ColumnDef[] {
  const raw = response.data_column ?? response.dataColumn ?? [];
  const columns = new Array<ColumnDef>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as Partial<SnakeColumn & CamelColumn>;
    const colId = c.col_id ?? c.colId;
    if (typeof colId !== "string" || colId === "") throw new ColumnarDecodeError(`#${i}`, -1, c, "is a column without col_id");
    columns[i] = { colId, colName: String(c.col_name ?? c.colName ?? colId), colDataType: String(c.col_data_type ?? c.colDataType ?? COLUMN_TYPE.string) };
  }
  return columns;
}

/** The raw string cells of each row, whatever the wire form. */
export function rowValuesOf(response: ColumnarResponse): string[][] {
  const raw = response.data_value ?? response.dataValue ?? [];
  const rows = new Array<string[]>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i] as { data_value?: string[]; dataValue?: string[] } | string[];
    const values = Array.isArray(r) ? r : (r.data_value ?? r.dataValue);
    if (!Array.isArray(values)) throw new ColumnarDecodeError("data_value", i, r, "is not a list of values");
    rows[i] = values;
  }
  return rows;
}

export function totalNumOf(response: ColumnarResponse, rowCount: number): number {
  const raw = response.total_num ?? response.totalNum;
  const n = typeof raw === "number" ? raw : Number(raw);
  return raw === undefined || raw === "" || !Number.isFinite(n) ? rowCount : n;
}

export function decodeColumnar(response: ColumnarResponse): ColumnarTable {
  const columns = columnsOf(response);
  const values = rowValuesOf(response);
  const rows = rowDecoderFor(columns)(values);
  return { columns, rows, totalNum: totalNumOf(response, rows.length) };
}

type RowsDecoder = (values: string[][]) => ColumnarRow[];

const kindOf = (c: ColumnDef) => (c.colDataType === COLUMN_TYPE.integer ? 1 : c.colDataType === COLUMN_TYPE.double ? 2 : 0);

/** Pages of one query share their columns, so their decoder is built once. */
const decoders = new Map<string, RowsDecoder>();

function rowDecoderFor(columns: ColumnDef[]): RowsDecoder {
  const key = columns.map((c) => `${kindOf(c)}${c.colId}`).join("\u0000");
  let decoder = decoders.get(key);
  if (!decoder) {
    decoder = compiledDecoder(columns) ?? genericDecoder(columns);
    if (decoders.size >= 64) decoders.clear();
    decoders.set(key, decoder);
  }
  return decoder;
}

/**
 * Rows built by an object literal share one hidden class and skip a keyed store per cell, which makes
 * decoding cost about a third of JSON.parse (scripts/bench/statistics.ts). Where code generation is not
 * allowed (a strict CSP, an edge runtime), the generic loop does the same work more slowly.
 */
function compiledDecoder(columns: ColumnDef[]): RowsDecoder | undefined {
  if (columns.some((c) => c.colId === "__proto__") || new Set(columns.map((c) => c.colId)).size !== columns.length) return undefined;
  const cells = columns.map((c, i) => {
    const id = JSON.stringify(c.colId);
    const cell = `v[${i}]`;
    const value = kindOf(c) === 1 ? `integerCell(${cell}, ${id}, r)` : kindOf(c) === 2 ? `doubleCell(${cell}, ${id}, r)` : `(typeof ${cell} === "string" ? ${cell} : String(${cell}))`;
    return `${id}: ${value}`;
  });
  const body = `
    return function decodeRows(values) {
      const rows = new Array(values.length);
      for (let r = 0; r < values.length; r++) {
        const v = values[r];
        if (v.length !== ${columns.length}) throw widthError(v, r);
        rows[r] = { ${cells.join(", ")} };
      }
      return rows;
    };`;
  const widthError = (v: unknown[], r: number) => new ColumnarDecodeError("data_value", r, v, `has ${v.length} values for ${columns.length} columns`);
  try {
    return new Function("integerCell", "doubleCell", "widthError", body)(integerCell, doubleCell, widthError) as RowsDecoder;
  } catch {
    return undefined;
  }
}

function genericDecoder(columns: ColumnDef[]): RowsDecoder {
  const width = columns.length;
  const ids = columns.map((c) => c.colId);
  const kinds = columns.map(kindOf);
  return (values) => {
    const rows = new Array<ColumnarRow>(values.length);
    for (let r = 0; r < values.length; r++) {
      const cells = values[r];
      if (cells.length !== width) throw new ColumnarDecodeError("data_value", r, cells, `has ${cells.length} values for ${width} columns`);
      const row: ColumnarRow = Object.create(null);
      for (let c = 0; c < width; c++) {
        const cell = cells[c];
        const kind = kinds[c];
        row[ids[c]] = kind === 0 ? (typeof cell === "string" ? cell : String(cell)) : kind === 1 ? integerCell(cell, ids[c], r) : doubleCell(cell, ids[c], r);
      }
      rows[r] = row;
    }
    return rows;
  };
}

/** Digits with an optional minus, nothing else (no blanks, no "1e3", no "0x10"). */
export function integerCell(cell: unknown, column: string, row: number): number {
  if (typeof cell === "number") {
    if (Number.isSafeInteger(cell)) return cell;
    throw new ColumnarDecodeError(column, row, cell, "is not an integer");
  }
  if (typeof cell === "string") {
    const n = cell.length;
    if (n > 0 && n < 16) {
      let i = cell.charCodeAt(0) === 45 ? 1 : 0;
      if (i < n) {
        let v = 0;
        for (; i < n; i++) {
          const d = cell.charCodeAt(i) - 48;
          if (d < 0 || d > 9) break;
          v = v * 10 + d;
        }
        if (i === n) return cell.charCodeAt(0) === 45 ? -v : v;
      }
    } else if (n >= 16 && /^-?\d+$/.test(cell)) {
      const v = Number(cell);
      if (Number.isSafeInteger(v)) return v;
      throw new ColumnarDecodeError(column, row, cell, "is an integer too large to count exactly");
    }
  }
  throw new ColumnarDecodeError(column, row, cell, "is not an integer");
}

/** A finite decimal number ("0.5", "3", "-1.25e-3"); no blanks, hex, "NaN" or "Infinity". */
export function doubleCell(cell: unknown, column: string, row: number): number {
  if (typeof cell === "number") {
    if (Number.isFinite(cell)) return cell;
  } else if (typeof cell === "string" && cell.length > 0) {
    const v = +cell;
    // Unary + also accepts blanks around the number, "Infinity" and "0x10"; the edge characters rule those out
    // without a regular expression on the hot path.
    const first = cell.charCodeAt(0);
    const last = cell.charCodeAt(cell.length - 1);
    if (
      v === v &&
      ((first >= 48 && first <= 57) || first === 45 || first === 46) &&
      ((last >= 48 && last <= 57) || last === 46) &&
      !(first === 48 && cell.length > 2 && RADIX_PREFIX.has(cell.charCodeAt(1) | 32))
    ) {
      return v;
    }
  }
  throw new ColumnarDecodeError(column, row, cell, "is not a number");
}

const RADIX_PREFIX = new Set([0x78, 0x6f, 0x62]); // x, o, b
