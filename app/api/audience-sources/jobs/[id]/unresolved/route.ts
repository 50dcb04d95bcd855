import { getSourceJob, listUnresolved } from "@/lib/audiences/sources";
import { problem, withRoute } from "@/lib/auth/route";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function csvCell(value: string | number): string {
  const s = String(value);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Every cloudID of a job that did not resolve, with the reason, as CSV. */
export const GET = withRoute<{ id: string }>({ role: "marketer" }, async (_req, { params }) => {
  if (!isUuid(params.id)) return problem(404, "sources.errors.noJob");
  const job = await getSourceJob(db(), params.id);
  if (!job) return problem(404, "sources.errors.noJob");
  const rows = await listUnresolved(db(), job.id);
  const lines = ["cloud_id,reason,detail", ...rows.map((r) => [r.cloudId, r.reason, r.detail].map(csvCell).join(","))];
  return new Response(`\ufeff${lines.join("\r\n")}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="unresolved-cloudids-${job.id.slice(0, 8)}.csv"`,
    },
  });
});
