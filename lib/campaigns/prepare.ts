import type pg from "pg";
import type { Db } from "@/lib/db";
import type { PreparableSource } from "@/lib/db/schema/campaigns";
import { sourceQuery } from "./create-task";

/** Batches prepared per transaction: a few thousand rows, so a round commits in milliseconds. */
export const PREPARE_ROUND = 20;

/**
 * The numbers of the unprepared batch `p` (a row with its `first_phone` and `end_phone`), for a lateral join: its
 * task's source in its phone range, minus the opt-out list as it is now. The source's parameters follow from `$at`.
 */
export function batchNumbersSql(source: PreparableSource, at: number): { text: string; params: unknown[] } {
  const src = sourceQuery(source, at);
  return {
    params: src.params,
    text: `select s.phone from (
         -- Two branches, so that each is a range on the source's index (an "or" would read to the source's end).
         select source.phone from (${src.text}) source where source.phone >= p.first_phone and source.phone < p.end_phone
         union all
         select source.phone from (${src.text}) source where p.end_phone is null and source.phone >= p.first_phone
       ) s
       where not exists (select 1 from suppressions x where x.phone = s.phone)`,
  };
}

/**
 * One statement that writes the recipient rows of the batches `picked` selects (and locks) and marks them prepared.
 * `picked` uses parameters from `$1`; the source's follow from `$sourceAt`.
 *
 * A batch's numbers are its task's source in its phone range, minus the opt-out list as it is now. A number that
 * opted out since the task was made is left out and counted with those left out at creation, so the task's total
 * stays the number of rows; a pending batch left with none is done. Rows of a cancelled batch are written cancelled,
 * so the ledger still lists every number of the task; any other batch's are pending.
 */
function writeRowsSql(picked: string, source: PreparableSource, sourceAt: number): { text: string; params: unknown[] } {
  const numbers = batchNumbersSql(source, sourceAt);
  return {
    params: numbers.params,
    text: `with picked as (${picked}),
     written as (
       insert into send_recipients (task_id, batch_id, phone, status)
       select p.task_id, p.id, s.phone, case when p.state = 'cancelled' then 'cancelled' else 'pending' end
       from picked p cross join lateral (${numbers.text}) s
       returning batch_id
     ),
     counted as (
       select p.id, p.task_id, p.phone_count, coalesce(c.n, 0) as numbers
       from picked p left join (select batch_id, count(*)::int as n from written group by batch_id) c on c.batch_id = p.id
     ),
     batches as (
       update send_batches b set prepared = true, phone_count = c.numbers, updated_at = now(),
         state = case when c.numbers = 0 and b.state = 'pending' then 'done' else b.state end,
         finished_at = case when c.numbers = 0 and b.state = 'pending' then now() else b.finished_at end
       from counted c where b.id = c.id
       returning b.id
     ),
     totals as (
       update send_tasks t set total_count = t.total_count + d.diff, suppressed_at_creation = t.suppressed_at_creation - d.diff
       from (select task_id, sum(numbers - phone_count)::int as diff from counted group by task_id) d
       where t.id = d.task_id and d.diff <> 0
     )
     select count(*)::int as prepared from batches`,
  };
}

/**
 * Writes the recipient rows of up to `PREPARE_ROUND` cancelled batches of one task that a large task left unprepared
 * (their numbers are written when they are sent, lib/campaigns/claim.ts, but these never will be), oldest first;
 * returns how many it prepared. Two round trips: one finds the task of the oldest batch no other worker is preparing,
 * one statement prepares its batches. Any number of workers may call it at once: the statement locks the batches it
 * takes, and a batch is prepared once.
 */
export async function prepareBatches(database: Db): Promise<number> {
  // Named, so each connection plans it once: every worker asks on every tick.
  const next = await database.$client.query<{ task_id: string; source: PreparableSource }>({
    name: "sender-prepare-next",
    text: `select b.task_id, t.source from send_batches b join send_tasks t on t.id = b.task_id
     where b.state = 'cancelled' and not b.prepared order by b.id limit 1 for update of b skip locked`,
  });
  if (next.rows.length === 0) return 0;
  const { task_id: taskId, source } = next.rows[0];
  const sql = writeRowsSql(
    "select id, task_id, state, phone_count, first_phone, end_phone from send_batches where state = 'cancelled' and not prepared and task_id = $1 order by id limit $2 for update skip locked",
    source,
    3,
  );
  const res = await database.$client.query<{ prepared: number }>(sql.text, [taskId, PREPARE_ROUND, ...sql.params]);
  return res.rows[0].prepared;
}

/** Prepares cancelled batches until none is left or `signal` aborts; returns how many it prepared. */
export async function prepareAll(database: Db, signal?: AbortSignal): Promise<number> {
  let prepared = 0;
  while (!signal?.aborted) {
    const round = await prepareBatches(database);
    if (round === 0) break;
    prepared += round;
  }
  return prepared;
}

/**
 * Writes the rows of one batch, still pending (or cancelled), if they are not written yet; for the rare ways a claimed
 * batch ends without an answer (uncertain, failed), which then mark its rows as they do a prepared batch's. Locks the
 * batch until the caller's transaction ends.
 */
export async function prepareBatch(c: pg.PoolClient, batchId: number): Promise<void> {
  const batch = await c.query<{ prepared: boolean; source: PreparableSource | null }>(
    "select b.prepared, t.source from send_batches b join send_tasks t on t.id = b.task_id where b.id = $1 for update of b",
    [batchId],
  );
  const { prepared, source } = batch.rows[0] ?? { prepared: true, source: null };
  if (prepared || !source) return;
  const sql = writeRowsSql("select id, task_id, state, phone_count, first_phone, end_phone from send_batches where id = $1 and not prepared", source, 2);
  await c.query(sql.text, [batchId, ...sql.params]);
}
