import { getTranslations } from "next-intl/server";
import { CsvImportError } from "@/lib/audiences";
import { problem } from "@/lib/auth/route";

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
  if (!req.body) return problem(400, "no_rows", "The request has no file in its body.");
  const phoneColumn = column === undefined ? undefined : /^\d+$/.test(column) ? Math.max(0, Number(column) - 1) : column;
  return { body: req.body, filename, phoneColumn };
}

/** A file that cannot be imported, told in the user's language, with the line where it went wrong. */
export async function csvProblem(e: unknown): Promise<Response> {
  if (!(e instanceof CsvImportError)) throw e;
  const t = await getTranslations("audiences.csvErrors");
  const status = e.problem === "too_large" ? 413 : 400;
  return Response.json({ error: { code: e.problem, message: t(e.problem, { line: e.line ?? "?" }), line: e.line ?? null } }, { status });
}
