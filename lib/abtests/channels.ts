import type { Db } from "@/lib/db";

/** The ids of the activity's A/B-test variant channels (lib/statistics README: they count as SMS). */
export async function variantChannelIds(database: Db, activityId: string): Promise<string[]> {
  const r = await database.$client.query<{ channel_id: string }>(
    `select v.channel_id from ab_test_variants v join ab_tests t on t.id = v.test_id where t.activity_id = $1 order by v.channel_id`,
    [activityId],
  );
  return r.rows.map((x) => x.channel_id);
}
