import type { Db } from "@/lib/db";
import { emuSendTasks } from "@/lib/db/schema";
import { ActivityKeys, H5, visitorHash, VisitWriter } from "./events";
import { chinaDay, ENV_MISMATCH, invalidParameter, requireString } from "./wire";

/** cloudbase.report: `sendSmsTask` ties a task to an activity with its number count; `openH5` records a visit. */
export async function report(
  deps: { db: Db; keys: ActivityKeys; writer: VisitWriter; envId: string; now: Date },
  body: Record<string, unknown>,
): Promise<void> {
  const action = requireString(body, "report_action", 32);
  const env = requireString(body, "env_id", 128);
  const activityId = requireString(body, "activity_id", 128);
  if (action === "sendSmsTask") {
    const taskId = requireString(body, "task_id", 128);
    if (typeof body.phone_count === "number") throw invalidParameter("phone_count must be a string, e.g. \"5000\"");
    const phoneCount = requireString(body, "phone_count", 12);
    if (!/^\d+$/.test(phoneCount)) throw invalidParameter("phone_count must be a string of digits");
    if (env !== deps.envId) throw ENV_MISMATCH(env);
    const key = await deps.keys.ensure(env, activityId);
    const now = deps.now;
    await deps.db
      .insert(emuSendTasks)
      .values({ activityKey: key, taskId, phoneCount: Number(phoneCount), day: chinaDay(now.getTime() / 1000), reportedAt: now })
      .onConflictDoUpdate({ target: [emuSendTasks.activityKey, emuSendTasks.taskId], set: { phoneCount: Number(phoneCount) } });
    return;
  }
  if (action === "openH5") {
    const channelId = requireString(body, "channel_id", 64);
    const sessionId = requireString(body, "session_id", 128);
    if (env !== deps.envId) throw ENV_MISMATCH(env);
    const key = await deps.keys.ensure(env, activityId);
    await deps.writer.record({ activityKey: key, kind: H5, channelId, visitor: visitorHash(sessionId), at: deps.now });
    return;
  }
  throw invalidParameter(`report_action must be sendSmsTask or openH5, got ${JSON.stringify(action)}`);
}
