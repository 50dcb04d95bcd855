import crypto from "node:crypto";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { emuActivityKeys } from "@/lib/db/schema";

/** What a visit is about: kind 0 = H5 open (visitor is the session ID), 1 = mini-program open (the OpenID). */
export const H5 = 0;
export const WXAPP = 1;
export type EventKind = typeof H5 | typeof WXAPP;

export interface Visit {
  activityKey: number;
  kind: EventKind;
  channelId: string;
  /** 64-bit hash of the session ID or OpenID (visitorHash). */
  visitor: bigint;
  at: Date;
}

const SHARDS = 16;

/** Sessions and OpenIDs are stored as 64-bit hashes: distinct counts over millions stay small and fast. */
export function visitorHash(identifier: string): bigint {
  return crypto.createHash("sha256").update(identifier).digest().readBigInt64BE(0);
}

/** (environment, activity) → small integer key, created on first use and remembered by this process. */
export class ActivityKeys {
  private known = new Map<string, number>();

  constructor(private readonly db: Db) {}

  async find(envId: string, activityId: string): Promise<number | undefined> {
    const k = `${envId}\u0000${activityId}`;
    const hit = this.known.get(k);
    if (hit !== undefined) return hit;
    const [row] = await this.db
      .select({ id: emuActivityKeys.id })
      .from(emuActivityKeys)
      .where(and(eq(emuActivityKeys.envId, envId), eq(emuActivityKeys.activityId, activityId)));
    const id = row?.id;
    if (id !== undefined) this.known.set(k, id);
    return id;
  }

  async ensure(envId: string, activityId: string): Promise<number> {
    const found = await this.find(envId, activityId);
    if (found !== undefined) return found;
    const r = await this.db.execute<{ id: number }>(sql`
      insert into emu_activity_keys (env_id, activity_id) values (${envId}, ${activityId})
      on conflict (env_id, activity_id) do update set env_id = excluded.env_id
      returning id`);
    const id = r.rows[0].id;
    this.known.set(`${envId}\u0000${activityId}`, id);
    return id;
  }
}

function columns(visits: Visit[]) {
  // Sorted so that concurrent writers take index and row locks in one order and cannot deadlock.
  const sorted = [...visits].sort(
    (a, b) => a.activityKey - b.activityKey || a.kind - b.kind || (a.channelId < b.channelId ? -1 : a.channelId > b.channelId ? 1 : 0) || (a.visitor < b.visitor ? -1 : a.visitor > b.visitor ? 1 : 0),
  );
  return {
    keys: sorted.map((v) => v.activityKey),
    kinds: sorted.map((v) => v.kind),
    channels: sorted.map((v) => v.channelId),
    seconds: sorted.map((v) => v.at.getTime() / 1000),
    visitors: sorted.map((v) => v.visitor.toString()),
  };
}

/**
 * The tail of a statement whose CTE named `visits` holds (activity_key, kind, channel_id, at_s, visitor): each visitor
 * once per 5-minute bucket and once per China day, and the day's count raised on a random shard. `order` sorts
 * visits not already sorted, so concurrent writers lock rows in one order.
 */
function countVisits(visits: SQL, order: SQL): SQL {
  const shard = Math.floor(Math.random() * SHARDS);
  return sql`
      b as (
        insert into emu_bucket_visitors (activity_key, kind, channel_id, bucket, visitor)
        select activity_key, kind, channel_id, floor(at_s / 300)::int, visitor from ${visits}
        ${order}
        on conflict do nothing
      ),
      d as (
        insert into emu_day_visitors (activity_key, kind, channel_id, day, visitor)
        select activity_key, kind, channel_id, floor((at_s + 28800) / 86400)::int, visitor from ${visits}
        ${order}
        on conflict do nothing
        returning activity_key, kind, channel_id, day
      )
      insert into emu_day_counts (activity_key, kind, channel_id, day, shard, users)
      select activity_key, kind, channel_id, day, ${shard}::int2, count(*) from d
      group by activity_key, kind, channel_id, day
      order by activity_key, kind, channel_id, day
      on conflict (activity_key, kind, channel_id, day, shard) do update set users = emu_day_counts.users + excluded.users`;
}

/** Records visits that have happened: one statement for any number of them. */
export async function insertVisits(db: Db, visits: Visit[], opts: { asynchronousCommit?: boolean } = {}): Promise<void> {
  if (visits.length === 0) return;
  const c = columns(visits);
  await withDeadlockRetry(() =>
    db.execute(sql`
      with v as (
        select * from unnest(${sql.param(c.keys)}::int[], ${sql.param(c.kinds)}::int2[], ${sql.param(c.channels)}::text[], ${sql.param(c.seconds)}::float8[], ${sql.param(c.visitors)}::int8[])
          as v(activity_key, kind, channel_id, at_s, visitor)
        -- set_config(..., true) lasts until this statement's implicit transaction commits: one round trip, no BEGIN.
        where ${opts.asynchronousCommit ? sql`set_config('synchronous_commit', 'off', true) is not null` : sql`true`}
      ),
      ${countVisits(sql.raw("v"), sql``)}`),
  );
}

/** Stores simulated visits that will happen later (see materializeDue). */
export async function scheduleVisits(db: Db, visits: Visit[]): Promise<void> {
  if (visits.length === 0) return;
  const c = columns(visits);
  await db.execute(sql`
    insert into emu_scheduled_events (activity_key, kind, channel_id, visitor, at)
    select activity_key, kind, channel_id, visitor, to_timestamp(at_s)
    from unnest(${sql.param(c.keys)}::int[], ${sql.param(c.kinds)}::int2[], ${sql.param(c.channels)}::text[], ${sql.param(c.seconds)}::float8[], ${sql.param(c.visitors)}::int8[])
      as v(activity_key, kind, channel_id, at_s, visitor)`);
}

/**
 * Moves the scheduled visits that are due into the statistics tables. Called before every statistics
 * query, so only events with at <= now are ever counted, and the charts move as time passes.
 */
export async function materializeDue(db: Db, now: Date): Promise<void> {
  await withDeadlockRetry(() =>
    db.execute(sql`
      with due as (
        delete from emu_scheduled_events where at <= ${now.toISOString()}::timestamptz
        returning activity_key, kind, channel_id, visitor, extract(epoch from at)::float8 as at_s
      ),
      ${countVisits(sql.raw("due"), sql`order by 1, 2, 3, 4, 5`)}`),
  );
}

async function withDeadlockRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
      if (attempt < 3 && (code === "40P01" || code === "23505")) continue;
      throw e;
    }
  }
}

/**
 * Groups concurrent reports into few statements: up to MAX_IN_FLIGHT writes run at once, and reports arriving
 * meanwhile queue and go together in the next one. A lone report is written at once; under load, a batch per
 * round trip keeps latency flat. Commits are asynchronous (synchronous_commit off, for these writes only): a
 * crash may lose the last fraction of a second of visits, which is acceptable for emulated statistics.
 */
export class VisitWriter {
  private static readonly MAX_IN_FLIGHT = 3;
  private queue: { visit: Visit; done: (e?: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db) {}

  record(visit: Visit): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ visit, done: (e) => (e ? reject(e) : resolve()) });
      if (this.inFlight < VisitWriter.MAX_IN_FLIGHT) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.inFlight++;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, 1000);
        try {
          await insertVisits(this.db, batch.map((b) => b.visit), { asynchronousCommit: true });
          for (const b of batch) b.done();
        } catch (e) {
          for (const b of batch) b.done(e);
        }
      }
    } finally {
      this.inFlight--;
    }
  }
}
