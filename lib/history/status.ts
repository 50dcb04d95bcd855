import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";

/** One activity's line on the Settings → Data sync panel. */
export interface ActivitySyncStatus {
  activityId: string;
  name: string;
  lastFinishedAt: string | null;
  lastSuccessAt: string | null;
  lastDays: number;
  lastErrorCode: number | null;
  lastError: string | null;
  retryAfter: string | null;
  running: boolean;
  /** Days in the store, and how many of them are final. */
  days: number;
  finalDays: number;
}

export async function listSyncStatus(db: Db): Promise<ActivitySyncStatus[]> {
  const r = await db.execute<{
    id: string; name: string; last_finished_at: string | null; last_success_at: string | null; last_days: number | null; last_error_code: number | null;
    last_error: string | null; retry_after: string | null; running: boolean; days: number; final_days: number;
  }>(sql`
    select a.id, a.name, s.last_finished_at, s.last_success_at, s.last_days, s.last_error_code, s.last_error, s.retry_after,
           coalesce(s.lease_until > clock_timestamp(), false) as running,
           (select count(*)::int from stats_days d where d.activity_id = a.id) as days,
           (select count(*)::int from stats_days d where d.activity_id = a.id and d.final) as final_days
    from activities a left join stats_sync s on s.activity_id = a.id
    order by a.created_at desc, a.id`);
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return r.rows.map((x) => ({
    activityId: x.id,
    name: x.name,
    lastFinishedAt: iso(x.last_finished_at),
    lastSuccessAt: iso(x.last_success_at),
    lastDays: Number(x.last_days ?? 0),
    lastErrorCode: x.last_error_code === null ? null : Number(x.last_error_code),
    lastError: x.last_error,
    retryAfter: iso(x.retry_after),
    running: Boolean(x.running),
    days: Number(x.days),
    finalDays: Number(x.final_days),
  }));
}

/**
 * Activities the sync should visit now: those never synced (created or first seen: the backfill), and those
 * still changing — not ended more than a day and the settling window ago — whose last sync is older than the
 * refresh interval. A running sync (lease), a backoff (retry_after) or a sync already waiting on the queue (queued in the
 * last 5 minutes and not started since) leaves an activity out.
 */
export async function dueActivities(db: Db, opts: { syncMinutes: number; settleHours: number }): Promise<string[]> {
  const r = await db.execute<{ id: string }>(sql`
    select a.id from activities a left join stats_sync s on s.activity_id = a.id
    where (s.activity_id is null or s.queued_at is null or s.queued_at < clock_timestamp() - interval '5 minutes' or s.queued_at < s.last_started_at)
      and (s.activity_id is null
       or s.last_started_at is null
       or ((s.lease_until is null or s.lease_until < clock_timestamp())
           and (s.retry_after is null or s.retry_after < clock_timestamp())
           and (s.last_success_at is null
                or (a.end_at > clock_timestamp() - make_interval(hours => ${24 + opts.settleHours})
                    and s.last_finished_at < clock_timestamp() - make_interval(secs => ${opts.syncMinutes * 60})))))
    order by a.created_at desc`);
  return r.rows.map((x) => x.id);
}
