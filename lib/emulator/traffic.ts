import crypto from "node:crypto";
import { and, eq, gt, inArray, lte } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { activities } from "@/lib/db/schema";
import { DEMO_ACTIVITIES, UNKNOWN_CHANNEL } from "./demo";
import { ActivityKeys, H5, scheduleVisits, visitorHash, WXAPP, type Visit } from "./events";
import { simulatedOpenid, type Random } from "./simulation";
import { chinaHourAndWeekday, HOUR_SHAPE, WEEKDAY_SHAPE } from "./shapes";

/** The live trickle's mean landing-page visits a minute to one open demo activity, before the shapes. */
export const TRICKLE_VISITS_PER_MINUTE = 3;
const TRICKLE_JUMP_RATE = 0.35;

/** A Poisson-distributed count (Knuth), for the small means of a minute's visits. */
export function poisson(mean: number, random: Random): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

/**
 * One minute of simulated visitors for one activity: landing-page visits from its channels (weighted like its
 * demo history, SMS included) spread over the minute after `from`, some of them opening the mini program.
 */
export function planTrickle(
  demo: Pick<(typeof DEMO_ACTIVITIES)[number], "dailyVisitors">,
  from: Date,
  appId: string,
  random: Random = Math.random,
): { channelId: string; kind: typeof H5 | typeof WXAPP; identifier: string; at: Date }[] {
  const { hour, weekday } = chinaHourAndWeekday(from);
  const weights = Object.entries({ _cms_sms_: 120, ...demo.dailyVisitors });
  const total = weights.reduce((s, [, w]) => s + w, 0);
  const count = poisson(TRICKLE_VISITS_PER_MINUTE * HOUR_SHAPE[hour] * WEEKDAY_SHAPE[weekday], random);
  const out: ReturnType<typeof planTrickle> = [];
  for (let i = 0; i < count; i++) {
    let pick = random() * total;
    const [channelId] = weights.find(([, w]) => (pick -= w) < 0) ?? weights[weights.length - 1];
    const session = crypto.randomUUID();
    const at = new Date(from.getTime() + random() * 60_000);
    out.push({ channelId, kind: H5, identifier: session, at });
    if (channelId !== UNKNOWN_CHANNEL && random() < TRICKLE_JUMP_RATE) {
      out.push({ channelId, kind: WXAPP, identifier: simulatedOpenid(appId, session), at: new Date(at.getTime() + 20_000 + random() * 100_000) });
    }
  }
  return out;
}

/**
 * Schedules the next minute of simulated visitors for every demo activity that is open at `now` (the emulator
 * counts each when its time comes). Returns how many visits were scheduled.
 */
export async function simulateDemoTraffic(db: Db, opts: { now: Date; envId: string; appId: string; random?: Random }): Promise<number> {
  const open = await db
    .select({ id: activities.id })
    .from(activities)
    .where(
      and(
        inArray(activities.id, DEMO_ACTIVITIES.map((a) => a.id)),
        eq(activities.closed, false),
        lte(activities.startAt, opts.now),
        gt(activities.endAt, opts.now),
      ),
    );
  const keys = new ActivityKeys(db);
  const visits: Visit[] = [];
  for (const { id } of open) {
    const demo = DEMO_ACTIVITIES.find((a) => a.id === id)!;
    const activityKey = await keys.ensure(opts.envId, id);
    for (const v of planTrickle(demo, opts.now, opts.appId, opts.random)) {
      visits.push({ activityKey, kind: v.kind, channelId: v.channelId, visitor: visitorHash(v.identifier), at: v.at });
    }
  }
  await scheduleVisits(db, visits);
  return visits.length;
}
