import { getSourceJob, listUnresolved } from "@/lib/audiences/sources";
import { problem, withRoute } from "@/lib/auth/route";
import { csvResponse, toCsv, UTF8_BOM } from "@/lib/csv";
import { db } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every cloudID of a job that did not resolve, with the reason, as CSV. */
export const GET = withRoute<{ id: string }>({ role: "marketer" }, async (_req, { params }) => {
  const job = await getSourceJob(db(), params.id);
  if (!job) return problem(404, "sources.errors.noJob");
  const rows = await listUnresolved(db(), job.id);
  const csv = toCsv(["cloud_id", "reason", "detail"], rows.map((r) => [r.cloudId, r.reason, r.detail]));
  return csvResponse(UTF8_BOM + csv, `unresolved-cloudids-${job.id.slice(0, 8)}.csv`);
});
