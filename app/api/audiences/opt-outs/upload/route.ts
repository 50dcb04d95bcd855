import { importSuppressionsFromCsv } from "@/lib/audiences";
import { audit } from "@/lib/auth/audit";
import { problem, withRoute } from "@/lib/auth/route";
import { db } from "@/lib/db";
import { csvProblem, uploadedFile } from "../../csv-upload";

/** POST /api/audiences/opt-outs/upload?filename=…&reason=… with the CSV file as the raw body (marketer+). */
export const POST = withRoute({ role: "marketer" }, async (req, { user }) => {
  const reason = new URL(req.url).searchParams.get("reason")?.trim() ?? "";
  if (reason.length > 200) return problem(400, "audiences.errors.reason", undefined, { reason: { code: "audiences.errors.reason" } });
  const file = uploadedFile(req);
  if (file instanceof Response) return file;
  try {
    const report = await importSuppressionsFromCsv(db(), file.body, { filename: file.filename, reason: reason || file.filename, addedBy: user.id });
    const { invalidRows, layout, ...figures } = report;
    await audit(user.id, "optout.import", null, { filename: file.filename, ...figures });
    return Response.json({ ...figures, invalidValues: invalidRows.slice(0, 10).map((r) => r.value) });
  } catch (e) {
    return csvProblem(e);
  }
});
