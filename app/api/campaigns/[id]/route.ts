import { withRoute, problem } from "@/lib/auth/route";
import { getTaskProgress } from "@/lib/campaigns/progress";
import { db } from "@/lib/db";
import { getSmsSettings } from "@/lib/settings/sms";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Live progress of a send task, polled by the task page. */
export const GET = withRoute<{ id: string }>({ role: "analyst" }, async (_req, { params }) => {
  if (!UUID.test(params.id)) return problem(404, "not_found", "No such campaign.");
  const settings = await getSmsSettings(db());
  const progress = await getTaskProgress(db(), params.id, settings.allowedHours);
  if (!progress) return problem(404, "not_found", "No such campaign.");
  return Response.json(progress, { headers: { "cache-control": "no-store" } });
});
