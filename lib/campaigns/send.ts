import { audit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db";
import { createSendTask, type CreatedSendTask, type NewSendTask } from "./create-task";

/**
 * A campaign from the compose page: the task, then the audit entry saying who sent what, to how many and for
 * when. A replayed request made nothing new, so it writes no second entry.
 */
export async function sendCampaign(database: Db, input: NewSendTask): Promise<CreatedSendTask> {
  const created = await createSendTask(database, input);
  if (created.replayed) return created;
  await audit(
    input.createdBy,
    "campaign.send",
    created.taskId,
    {
      name: input.name,
      activityId: input.activityId,
      smsType: input.smsType,
      audienceId: input.source.kind === "audience" ? input.source.audienceId : null,
      numbers: created.totalCount,
      optedOut: created.suppressed,
      sendAt: input.sendAt?.toISOString() ?? null,
      text: input.previewText,
    },
    database,
  );
  return created;
}
