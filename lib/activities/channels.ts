import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { activityChannels } from "@/lib/db/schema";

import { SMS_CHANNEL } from "@/lib/statistics/rows";

/** The SMS channel: every activity has it, it is never stored and cannot be removed. */
export { SMS_CHANNEL };

/** A marketer's own channel ID: at most 10 letters or digits (it travels in links and statistics). */
export const customChannelIdSchema = z.string().trim().regex(/^[A-Za-z0-9]{1,10}$/, "activities.validation.channelId");
/** Any channel a link may carry: a custom one or `_cms_sms_`. */
export const channelIdSchema = z.union([z.literal(SMS_CHANNEL), customChannelIdSchema]);

export const channelInputSchema = z.object({
  id: customChannelIdSchema,
  name: z.string().trim().min(1, "activities.validation.channelName").max(40, "activities.validation.channelName"),
});
export type ChannelInput = z.infer<typeof channelInputSchema>;

export interface Channel {
  id: string;
  name: string;
  /** `_cms_sms_`: built in, cannot be removed. */
  builtIn: boolean;
}

export const SMS_CHANNEL_NAME = "短信";

/** The activity's channels, `_cms_sms_` first, then the marketer's in the order they were added. */
export async function listChannels(db: Db, activityId: string): Promise<Channel[]> {
  const rows = await db
    .select({ id: activityChannels.id, name: activityChannels.name })
    .from(activityChannels)
    .where(eq(activityChannels.activityId, activityId))
    .orderBy(asc(activityChannels.createdAt), asc(activityChannels.id));
  return [{ id: SMS_CHANNEL, name: SMS_CHANNEL_NAME, builtIn: true }, ...rows.map((r) => ({ ...r, builtIn: false }))];
}

export async function hasChannel(db: Db, activityId: string, channelId: string): Promise<boolean> {
  if (channelId === SMS_CHANNEL) return true;
  const rows = await db
    .select({ id: activityChannels.id })
    .from(activityChannels)
    .where(and(eq(activityChannels.activityId, activityId), eq(activityChannels.id, channelId)))
    .limit(1);
  return rows.length > 0;
}

export class DuplicateChannelError extends Error {
  constructor(readonly channelId: string) {
    super(`channel ${channelId} already exists`);
  }
}

export async function addChannel(db: Db, activityId: string, input: ChannelInput): Promise<Channel> {
  const parsed = channelInputSchema.parse(input);
  const rows = await db.insert(activityChannels).values({ activityId, id: parsed.id, name: parsed.name }).onConflictDoNothing().returning();
  if (rows.length === 0) throw new DuplicateChannelError(parsed.id);
  return { id: parsed.id, name: parsed.name, builtIn: false };
}

/** Removes a custom channel (its link stops counting). `_cms_sms_` cannot be removed. Returns whether one was. */
export async function removeChannel(db: Db, activityId: string, channelId: string): Promise<boolean> {
  if (channelId === SMS_CHANNEL) return false;
  const rows = await db
    .delete(activityChannels)
    .where(and(eq(activityChannels.activityId, activityId), eq(activityChannels.id, channelId)))
    .returning({ id: activityChannels.id });
  return rows.length > 0;
}
