import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { abTests, abTestVariants } from "@/lib/db/schema/abtests";

/** The ids of the activity's A/B-test variant channels (lib/statistics README: they count as SMS). */
export async function variantChannelIds(database: Db, activityId: string): Promise<string[]> {
  const rows = await database
    .select({ channelId: abTestVariants.channelId })
    .from(abTestVariants)
    .innerJoin(abTests, eq(abTests.id, abTestVariants.testId))
    .where(eq(abTests.activityId, activityId))
    .orderBy(asc(abTestVariants.channelId));
  return rows.map((x) => x.channelId);
}
