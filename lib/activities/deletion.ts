import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { activities, sendTasks } from "@/lib/db/schema";
import { decodeOverview } from "@/lib/statistics";
import type { WechatClient } from "@/lib/wechat";
import type { Activity } from "./activities";

/** Whether the sender has made any send task for this activity. */
export async function activityHasSends(db: Pick<Db, "select">, activityId: string): Promise<boolean> {
  const rows = await db.select({ id: sendTasks.id }).from(sendTasks).where(eq(sendTasks.activityId, activityId)).limit(1);
  return rows.length > 0;
}

/**
 * Whether WeChat (or the emulator) holds any figure for the activity: SMS sent, H5 users or mini-program users,
 * from a day before it started (or was created) to a day from now. "No data" (10011) is an empty page.
 */
export async function activityHasStatistics(
  wechat: Pick<WechatClient, "getStatistics">,
  activity: Pick<Activity, "id" | "startAt" | "createdAt">,
  now = new Date(),
): Promise<boolean> {
  const from = Math.min(activity.startAt.getTime(), activity.createdAt.getTime()) - 86400_000;
  const page = await wechat.getStatistics({
    action: "smsMarketingOverviewData",
    beginDate: Math.floor(from / 1000),
    endDate: Math.floor((now.getTime() + 86400_000) / 1000),
    pageOffset: 0,
    pageLimit: 10,
    condition: { activityId: activity.id, byChannelId: "0" },
  });
  return decodeOverview(page).some((r) => r.h5OpenUsers > 0 || r.jumpWxappUsers > 0 || r.smsSendUsers > 0);
}

export type DeleteOutcome = "deleted" | "not_found" | "has_sends" | "has_statistics";

/**
 * Deletes an activity that was never used. One that has sends or statistics can only be closed: its
 * history would otherwise point at nothing. When the statistics cannot be read, the WechatError propagates
 * and nothing is deleted.
 */
export async function deleteActivity(db: Db, wechat: Pick<WechatClient, "getStatistics">, id: string, now = new Date()): Promise<DeleteOutcome> {
  const rows = await db.select().from(activities).where(eq(activities.id, id)).limit(1);
  const activity = rows[0];
  if (!activity) return "not_found";
  if (await activityHasSends(db, id)) return "has_sends";
  if (await activityHasStatistics(wechat, activity, now)) return "has_statistics";
  return db.transaction(async (tx) => {
    // Checked again under the row lock, in case a send was created meanwhile.
    await tx.select({ id: activities.id }).from(activities).where(eq(activities.id, id)).for("update");
    if (await activityHasSends(tx, id)) return "has_sends" as const;
    const deleted = await tx.delete(activities).where(eq(activities.id, id)).returning({ id: activities.id });
    return deleted.length > 0 ? ("deleted" as const) : ("not_found" as const);
  });
}
