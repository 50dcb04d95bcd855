/**
 * The one CSV writer of every export: chart data, campaign recipients, invalid import rows, unresolved cloudIDs.
 * Cells a spreadsheet would read as a formula (starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return) get a leading apostrophe, as OWASP recommends against CSV
 * injection; numbers are written as numbers, so a negative count stays a number.
 */

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row with its CRLF line end (RFC 4180); for exports streamed a page at a time. */
export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(escapeCsvCell).join(",") + "\r\n";
}

/** Header plus rows, CRLF line ends (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map(csvRow).join("");
}

/** Put first in a file that people open in Excel: without it, Excel on Windows reads UTF-8 Chinese as mojibake. */
export const UTF8_BOM = "\uFEFF";

/** A CSV download's response: UTF-8 with a BOM, never cached. `filename` may hold any characters. */
export function csvResponse(body: string | ReadableStream<Uint8Array>, filename: string): Response {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "cache-control": "no-store",
    },
  });
}

/** A file name that is safe on every system: `hongyan-overview-demo-double11-2026-11-14_2026-11-20.csv`. */
export function csvFileName(...parts: string[]): string {
  const name = parts
    .filter(Boolean)
    .join("-")
    .replace(/[^\p{L}\p{N}._-]+/gu, "_")
    .replace(/_+/g, "_")
    .slice(0, 120);
  return `${name}.csv`;
}
