"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  activityIdSchema, activityInputSchema, addChannel, channelInputSchema, createActivity, deleteActivity, DuplicateChannelError,
  removeActivityImage, removeChannel, setActivityClosed, updateActivity,
} from "@/lib/activities";
import { ActionError, defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import { db } from "@/lib/db";
import { enqueueStatsSync } from "@/lib/history/queue";
import { log } from "@/lib/log";
import { getWechat, isWechatError } from "@/lib/wechat";

function notFound(): never {
  throw new ActionError("activities.errors.notFound");
}

export const createActivityAction = defineAction({ role: "marketer", input: activityInputSchema }, async (input, { user }) => {
  const activity = await createActivity(db(), input, { createdBy: user.id });
  await audit(user.id, "activity.create", activity.id, { name: activity.name });
  // The statistics store fetches its history at once (the schedule would within a minute anyway).
  await enqueueStatsSync(activity.id).catch((e: unknown) => log.warn({ err: e instanceof Error ? e.message : String(e), activityId: activity.id }, "statistics backfill not queued"));
  revalidatePath("/activities");
  return { id: activity.id };
});

export const updateActivityAction = defineAction(
  { role: "marketer", input: z.object({ id: activityIdSchema, activity: activityInputSchema }) },
  async ({ id, activity }, { user }) => {
    const updated = await updateActivity(db(), id, activity);
    if (!updated) return notFound();
    await audit(user.id, "activity.update", id, { name: updated.name });
    revalidatePath("/activities");
    revalidatePath(`/activities/${id}`);
    return { id };
  },
);

export const setActivityClosedAction = defineAction(
  { role: "marketer", input: z.object({ id: activityIdSchema, closed: z.boolean() }) },
  async ({ id, closed }, { user }) => {
    if (!(await setActivityClosed(db(), id, closed))) return notFound();
    await audit(user.id, closed ? "activity.close" : "activity.reopen", id);
    revalidatePath("/activities");
    revalidatePath(`/activities/${id}`);
    return { id, closed };
  },
);

export const deleteActivityAction = defineAction({ role: "marketer", input: z.object({ id: activityIdSchema }) }, async ({ id }, { user }) => {
  let outcome;
  try {
    outcome = await deleteActivity(db(), getWechat(), id);
  } catch (e) {
    if (isWechatError(e)) throw new ActionError("activities.errors.statisticsUnavailable");
    throw e;
  }
  if (outcome === "not_found") return notFound();
  if (outcome === "has_sends") throw new ActionError("activities.errors.hasSends");
  if (outcome === "has_statistics") throw new ActionError("activities.errors.hasStatistics");
  await audit(user.id, "activity.delete", id);
  revalidatePath("/activities");
  return { id };
});

export const addChannelAction = defineAction(
  { role: "marketer", input: channelInputSchema.extend({ activityId: activityIdSchema }) },
  async ({ activityId, id, name }, { user }) => {
    try {
      await addChannel(db(), activityId, { id, name });
    } catch (e) {
      if (e instanceof DuplicateChannelError) {
        throw ActionError.forField("id", "activities.errors.duplicateChannel", { id });
      }
      // The activity was deleted meanwhile (foreign key).
      if (e instanceof Error && /foreign key/i.test(e.message)) return notFound();
      throw e;
    }
    await audit(user.id, "activity.channel.add", activityId, { channel: id, name });
    revalidatePath(`/activities/${activityId}`);
    return { id };
  },
);

export const removeChannelAction = defineAction(
  { role: "marketer", input: z.object({ activityId: activityIdSchema, channelId: z.string().max(16) }) },
  async ({ activityId, channelId }, { user }) => {
    const removed = await removeChannel(db(), activityId, channelId);
    if (removed) await audit(user.id, "activity.channel.remove", activityId, { channel: channelId });
    revalidatePath(`/activities/${activityId}`);
    return { removed };
  },
);

export const removeImageAction = defineAction({ role: "marketer", input: z.object({ activityId: activityIdSchema }) }, async ({ activityId }, { user }) => {
  await removeActivityImage(db(), activityId);
  await audit(user.id, "activity.image.remove", activityId);
  revalidatePath(`/activities/${activityId}`);
  return { activityId };
});
