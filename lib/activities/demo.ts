import type { Db } from "@/lib/db";
import { DEMO_ACTIVITIES, demoActivityWindow, type DemoActivity } from "@/lib/emulator/demo";
import { activities, activityChannels } from "@/lib/db/schema";
import { SMS_CHANNEL } from "./channels";

/**
 * The app-side half of the emulator's demo data: the activities and channels that `seedEmulatorDemo`
 * (lib/emulator/demo.ts) recorded statistics for, so the dashboard and the sender have something to show.
 */
export type DemoActivitySpec = Pick<DemoActivity, "id" | "name" | "startDaysAgo" | "endDaysAhead" | "miniProgram" | "landing" | "channels">;

/**
 * Creates the demo activities (the emulator's `DEMO_ACTIVITIES` unless told otherwise) and their channels, with
 * windows around `now` as the emulator's history assumes; those that already exist are left as they are.
 */
export async function seedDemoActivities(db: Db, opts: { now?: Date; demo?: readonly DemoActivitySpec[] } = {}): Promise<{ created: number }> {
  const now = opts.now ?? new Date();
  const demo = opts.demo ?? DEMO_ACTIVITIES;
  let created = 0;
  for (const a of demo) {
    const rows = await db
      .insert(activities)
      .values({
        id: a.id,
        name: a.name,
        ...demoActivityWindow(a, now),
        miniProgramPath: a.miniProgram.path,
        miniProgramQuery: a.miniProgram.query,
        landingTitle: a.landing.title,
        landingText: a.landing.text,
        landingButton: a.landing.buttonLabel,
      })
      .onConflictDoNothing()
      .returning({ id: activities.id });
    created += rows.length;
    const custom = a.channels.filter((c) => c.id !== SMS_CHANNEL);
    if (custom.length > 0) {
      await db
        .insert(activityChannels)
        .values(custom.map((c, i) => ({ activityId: a.id, id: c.id, name: c.name, createdAt: new Date(now.getTime() + i) })))
        .onConflictDoNothing();
    }
  }
  return { created };
}
