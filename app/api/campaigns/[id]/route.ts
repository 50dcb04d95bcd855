import { withRoute, problem } from "@/lib/auth/route";
import { getTaskProgress } from "@/lib/campaigns/progress";
import { db } from "@/lib/db";
import { getSmsSettings } from "@/lib/settings/sms";


/** Live progress of a send task, polled by the task page. */
export const GET = withRoute<{ id: string }>({ role: "analyst" }, async (_req, { params }) => {
  const settings = await getSmsSettings(db());
  const progress = await getTaskProgress(db(), params.id, settings.allowedHours);
  if (!progress) return problem(404, "campaigns.errors.noTask");
  return Response.json(progress, { headers: { "cache-control": "no-store" } });
});
