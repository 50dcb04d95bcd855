import { getTranslations } from "next-intl/server";
import { CsvImportError } from "@/lib/audiences";
import { problem } from "@/lib/auth/route";

/** The request body as the CSV stream; the browser sends the file itself as the body, so nothing is buffered. */
export function uploadedFile(req: Request): { body: ReadableStream<Uint8Array>; filename: string } | Response {
  const filename = new URL(req.url).searchParams.get("filename")?.trim() || "upload.csv";
  if (!req.body) return problem(400, "no_rows", "The request has no file in its body.");
  return { body: req.body, filename };
}

/** A file that cannot be imported, told in the user's language, with the line where it went wrong. */
export async function csvProblem(e: unknown): Promise<Response> {
  if (!(e instanceof CsvImportError)) throw e;
  const t = await getTranslations("audiences.csvErrors");
  const status = e.problem === "too_large" ? 413 : 400;
  return Response.json({ error: { code: e.problem, message: t(e.problem, { line: e.line ?? "?" }), line: e.line ?? null } }, { status });
}
