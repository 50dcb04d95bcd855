import { getSourceJob, listUnresolved, toJobView } from "@/lib/audiences/sources";
import { problem, withRoute } from "@/lib/auth/route";
import { db } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The job's progress and, once finished, the first unresolved cloudIDs: what the job page polls. */
export const GET = withRoute<{ id: string }>({ role: "marketer" }, async (_req, { params }) => {
  const job = await getSourceJob(db(), params.id);
  if (!job) return problem(404, "sources.errors.noJob");
  const unresolved = job.state === "running" || job.state === "queued" ? [] : await listUnresolved(db(), job.id, { limit: 100 });
  return Response.json({ job: toJobView(job), unresolved }, { headers: { "cache-control": "no-store" } });
});
