import { eq, lte, sql } from "drizzle-orm";
import { activityState, type ActivityState } from "@/lib/activities";
import type { Db } from "@/lib/db";
import { activities, sendTasks } from "@/lib/db/schema";

export interface ActivityRecency {
  id: string;
  state: ActivityState;
  startAt: Date;
  endAt: Date;
  /** The latest send of the activity that has started (null: none yet). */
  lastSendAt: Date | null;
}

const latest = (a: ActivityRecency) => Math.max(a.startAt.getTime(), a.lastSendAt?.getTime() ?? 0);

/**
 * The activity an analytics page opens on when the address names none: the most recently active open one (its
 * latest send, or its start), else the next to start, else the one that ended last. Never an ended one while
 * another is open.
 */
export function pickDefaultActivity(rows: readonly ActivityRecency[]): string | undefined {
  const open = rows.filter((a) => a.state === "open").sort((a, b) => latest(b) - latest(a));
  if (open.length > 0) return open[0].id;
  const upcoming = rows.filter((a) => a.state === "not_started").sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
  if (upcoming.length > 0) return upcoming[0].id;
  const past = [...rows].sort((a, b) => Math.max(b.endAt.getTime(), b.lastSendAt?.getTime() ?? 0) - Math.max(a.endAt.getTime(), a.lastSendAt?.getTime() ?? 0));
  return past[0]?.id;
}

export async function getDefaultActivityId(db: Db, now = new Date()): Promise<string | undefined> {
  const rows = await db
    .select({
      id: activities.id,
      closed: activities.closed,
      startAt: activities.startAt,
      endAt: activities.endAt,
      lastSendAt: sql<Date | null>`max(${sendTasks.sendAt}) filter (where ${lte(sendTasks.sendAt, now)})`.mapWith(sendTasks.sendAt),
    })
    .from(activities)
    .leftJoin(sendTasks, eq(sendTasks.activityId, activities.id))
    .groupBy(activities.id);
  return pickDefaultActivity(rows.map((r) => ({ ...r, state: activityState(r, now) })));
}
