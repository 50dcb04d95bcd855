import { and, eq } from "drizzle-orm";
import { audit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db";
import { sendRecipients, sendTasks } from "@/lib/db/schema/campaigns";
import { createSendTask, type CreatedSendTask } from "./create-task";

/**
 * "Resend to the failed ones": a new task with the failed numbers of `taskId` and the same SMS. The request ID
 * is made by the browser once per click; a replay or a double click answers with the task it already made, and
 * only the first writes the audit entry.
 */
export async function resendFailedNumbers(
  database: Db,
  input: { taskId: string; requestId: string; createdBy: string | null; nameSuffix: string },
): Promise<CreatedSendTask | "no_task" | "nothing_failed"> {
  const [old] = await database.select().from(sendTasks).where(eq(sendTasks.id, input.taskId));
  if (!old) return "no_task";
  const [failed] = await database
    .select({ phone: sendRecipients.phone })
    .from(sendRecipients)
    .where(and(eq(sendRecipients.taskId, input.taskId), eq(sendRecipients.status, "failed")))
    .limit(1);
  if (!failed) return "nothing_failed";
  const created = await createSendTask(database, {
    name: `${old.name} (${input.nameSuffix})`,
    activityId: old.activityId,
    smsType: old.smsType,
    content: old.content,
    path: old.path,
    templateId: old.templateId,
    templateParams: old.templateParams,
    useShortName: old.useShortName,
    previewText: old.previewText,
    createdBy: input.createdBy,
    requestId: input.requestId,
    source: { kind: "failedOf", taskId: input.taskId },
  });
  if (!created.replayed) await audit(input.createdBy, "campaign.resend_failed", created.taskId, { resendOf: input.taskId, numbers: created.totalCount }, database);
  return created;
}
