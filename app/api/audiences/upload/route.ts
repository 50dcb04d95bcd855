import { z } from "zod";
import { createAudienceFromCsv } from "@/lib/audiences";
import { audit } from "@/lib/auth/audit";
import { problem, withRoute } from "@/lib/auth/route";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { csvProblem, uploadedFile } from "../csv-upload";

const nameSchema = z.string().trim().min(1).max(100);

/**
 * POST /api/audiences/upload?name=…&filename=…[&column=…] with the CSV file as the raw body (marketer+).
 * Streams the body into the audience: a server action's body limit would refuse large files.
 */
export const POST = withRoute({ role: "marketer" }, async (req, { user }) => {
  const name = nameSchema.safeParse(new URL(req.url).searchParams.get("name") ?? "");
  if (!name.success) return problem(400, "audiences.errors.name", undefined, { name: { code: "audiences.errors.name" } });
  const file = uploadedFile(req);
  if (file instanceof Response) return file;
  const started = performance.now();
  try {
    const report = await createAudienceFromCsv(db(), file.body, {
      name: name.data,
      filename: file.filename,
      phoneColumn: file.phoneColumn,
      createdBy: user.id,
    });
    const { invalidRows, layout, ...figures } = report;
    log.info({ ...figures, ms: Math.round(performance.now() - started) }, "audience imported from CSV");
    await audit(user.id, "audience.create", report.audienceId, { name: name.data, source: "csv", filename: file.filename, ...figures });
    return Response.json(figures);
  } catch (e) {
    return csvProblem(e);
  }
});
