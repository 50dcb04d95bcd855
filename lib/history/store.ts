import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { statsDaily, statsDays } from "@/lib/db/schema";
import { ALL_CHANNELS, SMS_CHANNEL, type OverviewRow, type SmsSendTask } from "@/lib/statistics";

/** One channel's figures on one day, as the store keeps them. */
export interface DailyChannelFigures {
  channelId: string;
  smsSent: number;
  h5Users: number;
  wxappUsers: number;
  sendList: SmsSendTask[];
}

/** Overview rows by channel → what the store keeps (the totals row, if any, is left out). */
export function channelFigures(rows: readonly OverviewRow[]): DailyChannelFigures[] {
  return rows
    .filter((r) => r.channelId !== ALL_CHANNELS)
    .map((r) => ({
      channelId: r.channelId,
      smsSent: r.smsSendUsers,
      h5Users: r.h5OpenUsers,
      wxappUsers: r.jumpWxappUsers,
      sendList: r.channelId === SMS_CHANNEL ? r.smsSendList : [],
    }));
}

export interface StoredDay {
  activityId: string;
  day: string;
  fetchedAt: Date;
  final: boolean;
  /** False when WeChat had nothing (10011): the channels are empty and the day reads as zeros, or pending. */
  hasData: boolean;
  channels: DailyChannelFigures[];
}

/**
 * Replaces one day of an activity, whole or not at all: the day's row and all its channel rows in one
 * transaction, under a lock on that day so two writers of the same day take turns.
 */
export async function writeDay(db: Db, d: StoredDay): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stats:${d.activityId}:${d.day}`}))`);
    await tx.delete(statsDaily).where(and(eq(statsDaily.activityId, d.activityId), eq(statsDaily.day, d.day)));
    if (d.channels.length > 0) {
      await tx.insert(statsDaily).values(
        d.channels.map((c) => ({ activityId: d.activityId, day: d.day, channelId: c.channelId, smsSent: c.smsSent, h5Users: c.h5Users, wxappUsers: c.wxappUsers, sendList: c.sendList })),
      );
    }
    const totals = {
      smsSent: d.channels.reduce((s, c) => s + c.smsSent, 0),
      h5Users: d.channels.reduce((s, c) => s + c.h5Users, 0),
      wxappUsers: d.channels.reduce((s, c) => s + c.wxappUsers, 0),
    };
    const day = { fetchedAt: d.fetchedAt, final: d.final, hasData: d.hasData, ...totals };
    await tx
      .insert(statsDays)
      .values({ activityId: d.activityId, day: d.day, ...day })
      .onConflictDoUpdate({ target: [statsDays.activityId, statsDays.day], set: day });
  });
}

/** The days of an activity already final in the store. */
export async function finalDays(db: Db, activityId: string): Promise<Set<string>> {
  const rows = await db.select({ day: statsDays.day }).from(statsDays).where(and(eq(statsDays.activityId, activityId), eq(statsDays.final, true)));
  return new Set(rows.map((x) => x.day));
}
