import { CsvImportError } from "@/lib/audiences";
import { problem } from "@/lib/auth/route";
import type { ErrorParams } from "@/lib/errors";

export interface UploadedFile {
  body: ReadableStream<Uint8Array>;
  filename: string;
  /** From `?column=`: a 1-based column number or a header name; absent means detect. */
  phoneColumn?: number | string;
}

/** The request body as the CSV stream; the browser sends the file itself as the body, so nothing is buffered. */
export function uploadedFile(req: Request): UploadedFile | Response {
  const params = new URL(req.url).searchParams;
  const filename = params.get("filename")?.trim() || "upload.csv";
  const column = params.get("column")?.trim().slice(0, 100) || undefined;
  if (!req.body) return problem(400, "audiences.csvErrors.no_rows", { detail: "empty" });
  const phoneColumn = column === undefined ? undefined : /^\d+$/.test(column) ? Math.max(0, Number(column) - 1) : column;
  return { body: req.body, filename, phoneColumn };
}

/** A file that cannot be imported: its problem's code with the line where it went wrong and what was wrong there. */
export function csvProblem(e: unknown): Response {
  if (!(e instanceof CsvImportError)) throw e;
  const params: ErrorParams = { line: "?" };
  for (const [name, value] of Object.entries(e.params)) if (value !== undefined) params[name] = value;
  return problem(e.problem === "too_large" ? 413 : 400, `audiences.csvErrors.${e.problem}`, params);
}
