import crypto from "node:crypto";
import type pg from "pg";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import type { PreparableSource, SmsType } from "@/lib/db/schema/campaigns";
import type { SendStatus } from "@/lib/wechat/types";
import { WORKER_STOPPED, type StoredFailure } from "./failure";
import { batchNumbersSql, prepareBatch } from "./prepare";
import type { SendFailure } from "./sms-api";

export interface ClaimedBatch {
  batchId: number;
  taskId: string;
  claimToken: string;
  /** Attempts including this one. */
  attempt: number;
  phones: string[];
  /**
   * Whether the batch's recipient rows were written when it was claimed. A large task's later batches are not: their
   * rows are written once, with the answer (`recordAnswer`), instead of written pending and then updated.
   */
  prepared: boolean;
  task: {
    activityId: string;
    smsType: SmsType;
    content: string | null;
    path: string | null;
    templateId: string | null;
    templateParams: string[] | null;
    useShortName: boolean;
  };
}

export interface ClaimOptions {
  workerId: string;
  leaseMs: number;
  /** Whether marketing SMS may go out now (allowed hours); notifications are not held. */
  marketingAllowed: boolean;
}

interface ClaimRow {
  id: string;
  task_id: string;
  attempts: number;
  /**
   * A prepared batch's numbers; empty when every number left in it was on the opt-out list (the batch is then done).
   * Empty for an unprepared batch, whose numbers are read next (`claimNumbersSql`).
   */
  phones: string[];
  prepared: boolean;
  source: PreparableSource | null;
  activity_id: string;
  sms_type: SmsType;
  content: string | null;
  path: string | null;
  template_id: string | null;
  template_params: string[] | null;
  use_short_name: boolean;
}

/**
 * One statement, so one round trip and no transaction held open: picks the next due batch and marks it in flight with
 * a fresh claim token. For a prepared batch it also marks the numbers that joined the opt-out list since the task was
 * made as skipped (the batch is done when no number is left); all parts see the same snapshot, so the phones returned
 * are exactly the pending numbers not marked skipped. An unprepared batch's numbers are read by `claimNumbersSql`.
 */
export const CLAIM_SQL = `
  with picked as (
    select b.id, b.prepared from send_batches b join send_tasks t on t.id = b.task_id
    where b.state = 'pending' and b.next_attempt_at <= now()
      and t.status = 'running' and t.send_at <= now()
      and (t.sms_type <> 'Marketing' or $1::boolean)
    order by b.next_attempt_at, b.id
    limit 1
    for update of b skip locked
  ),
  pending as (
    select r.phone, exists (select 1 from suppressions s where s.phone = r.phone) as opted_out
    from send_recipients r where r.batch_id = (select id from picked where prepared) and r.status = 'pending'
  ),
  skipped as (
    update send_recipients r set status = 'skipped', code = 'OptedOut', message = 'on the opt-out list at send time'
    from pending p where r.batch_id = (select id from picked) and r.phone = p.phone and p.opted_out
  ),
  numbers as (
    select coalesce(array_agg(phone order by phone) filter (where not opted_out), '{}') as phones,
           count(*) filter (where opted_out)::int as skipped,
           count(*) filter (where not opted_out) = 0 and (select prepared from picked) as empty
    from pending
  )
  update send_batches b set
    state = case when n.empty then 'done' else 'in_flight' end,
    attempts = b.attempts + case when n.empty then 0 else 1 end,
    claim_token = case when n.empty then b.claim_token else $2::uuid end,
    claimed_by = case when n.empty then b.claimed_by else $3 end,
    claimed_at = case when n.empty then b.claimed_at else now() end,
    lease_until = case when n.empty then null else now() + $4 * interval '1 millisecond' end,
    finished_at = case when n.empty then now() else b.finished_at end,
    skipped_count = b.skipped_count + n.skipped,
    updated_at = now()
  from numbers n, send_tasks t
  where b.id = (select id from picked) and t.id = b.task_id
  returning b.id, b.task_id, b.attempts, to_json(n.phones) as phones, b.prepared, case when b.prepared then null else t.source end as source,
    t.activity_id, t.sms_type, t.content, t.path, t.template_id, t.template_params, t.use_short_name`;

/**
 * The numbers of an unprepared batch this claim holds (`$1`, `$2`), read from its task's source in its phone range
 * (`batchNumbersSql`), without writing its rows. As lib/campaigns/prepare.ts does, a number that opted out since the
 * task was made is left out and counted with those left out at creation, and a batch left with none is done. Writes
 * only when the count changed: usually it is a read. Returns no row when the claim is no longer current.
 */
function claimNumbersSql(source: PreparableSource): { text: string; params: unknown[] } {
  const numbers = batchNumbersSql(source, 3);
  return {
    params: numbers.params,
    text: `
  with p as (
    select id, task_id, phone_count, first_phone, end_phone from send_batches where id = $1 and claim_token = $2 and state = 'in_flight' and not prepared
  ),
  numbers as (
    select coalesce(array_agg(s.phone order by s.phone), '{}') as phones from p cross join lateral (${numbers.text}) s
  ),
  counted as (
    update send_batches b set phone_count = cardinality(n.phones), updated_at = now(),
      state = case when cardinality(n.phones) = 0 then 'done' else b.state end,
      prepared = cardinality(n.phones) = 0,
      lease_until = case when cardinality(n.phones) = 0 then null else b.lease_until end,
      finished_at = case when cardinality(n.phones) = 0 then now() else b.finished_at end
    from numbers n, p
    where b.id = p.id and (cardinality(n.phones) <> p.phone_count or cardinality(n.phones) = 0)
      and b.claim_token = $2 and b.state = 'in_flight' and not b.prepared
    returning b.id
  ),
  totals as (
    update send_tasks t set total_count = t.total_count + d.diff, suppressed_at_creation = t.suppressed_at_creation - d.diff
    from (select p.task_id, cardinality(n.phones) - p.phone_count as diff from p, numbers n where exists (select 1 from counted)) d
    where t.id = d.task_id and d.diff <> 0
  )
  select to_json(n.phones) as phones from numbers n, p`,
  };
}

/**
 * Claims the next due batch of a running task and marks it in flight; the statement commits before
 * this returns, so the ledger says "in flight" before a single SMS can go out. Numbers that joined the
 * opt-out list since the task was made are left out here, at send time: marked skipped in a prepared batch,
 * counted with those left out at creation in an unprepared one (whose numbers a second round trip reads from the
 * task's source). Returns null when nothing is due. A batch left with no numbers is finished on the spot and another
 * is tried.
 */
export async function claimNextBatch(database: Db, opts: ClaimOptions): Promise<ClaimedBatch | null> {
  for (;;) {
    const claimToken = crypto.randomUUID();
    const res = await database.$client.query<ClaimRow>({ name: "sender-claim", text: CLAIM_SQL, values: [opts.marketingAllowed, claimToken, opts.workerId, opts.leaseMs] });
    const row = res.rows[0];
    if (!row) return null;
    const phones = row.prepared ? row.phones : await claimNumbers(database, row, claimToken);
    if (!phones || phones.length === 0) continue;
    return {
      batchId: Number(row.id),
      taskId: row.task_id,
      claimToken,
      attempt: row.attempts,
      phones,
      prepared: row.prepared,
      task: {
        activityId: row.activity_id,
        smsType: row.sms_type,
        content: row.content,
        path: row.path,
        templateId: row.template_id,
        templateParams: row.template_params,
        useShortName: row.use_short_name,
      },
    };
  }
}

/** The numbers of an unprepared batch just claimed (`claimNumbersSql`); null when the claim was lost meanwhile. */
async function claimNumbers(database: Db, row: ClaimRow, claimToken: string): Promise<string[] | null> {
  const source = row.source!;
  const sql = claimNumbersSql(source);
  // Named per kind of source, so each connection plans each text once.
  const res = await database.$client.query<{ phones: string[] }>({
    name: `sender-claim-numbers-${source.kind}`,
    text: sql.text,
    values: [row.id, claimToken, ...sql.params],
  });
  return res.rows[0]?.phones ?? null;
}

/**
 * Hands a claimed batch back, unsent (a worker stopping with a batch it claimed ahead): pending again, with the
 * attempt it never made taken back. False when the claim was no longer this worker's.
 */
export async function releaseClaim(database: Db, claim: ClaimedBatch): Promise<boolean> {
  const res = await database.$client.query(
    `update send_batches set state = 'pending', attempts = attempts - 1, claim_token = null, claimed_by = null, claimed_at = null,
       lease_until = null, updated_at = now()
     where id = $1 and claim_token = $2 and state = 'in_flight'`,
    [claim.batchId, claim.claimToken],
  );
  return res.rowCount === 1;
}

/**
 * Locks the batch if this claim is still the current one. A batch whose lease ran out was marked
 * uncertain by another worker, but the answer that arrives late is still the truth, so it is recorded.
 */
async function lockOwnClaim(c: pg.PoolClient, claim: ClaimedBatch): Promise<boolean> {
  const own = await c.query<{ id: string }>(
    "select id from send_batches where id = $1 and claim_token = $2 and state in ('in_flight', 'uncertain') for update",
    [claim.batchId, claim.claimToken],
  );
  return own.rowCount === 1;
}

/**
 * The answer's rows, from its four columns as JSON array parameters in the claim's order, zipped by position. JSON: one
 * JSON.stringify each, where the driver's text-array encoding escaped every value in JavaScript (about a millisecond
 * and a half of the sender's CPU a batch). ROWS FROM zips the arrays as they are read; unnest of four arrays rebuilt
 * from them in their order cost about a millisecond more a batch.
 */
const ANSWER_ROWS = `rows from (json_array_elements_text($3::json), json_array_elements_text($4::json), json_array_elements_text($5::json), json_array_elements_text($6::json))
      as a(phone, serial_no, code, message)`;

/**
 * One statement: locks the batch if this claim is still the current one (see `lockOwnClaim`), writes WeChat's
 * answer for every number of the claim (`$3`…`$6`, JSON arrays with one entry per claimed number) and finishes the batch. Returns no
 * row when the claim was lost. Run with nested loops off (`recordAnswer`): the statement is prepared, and a generic
 * plan takes the answer for 10 rows, while a task made a moment ago is not in the statistics; either estimate could
 * make PostgreSQL compare every number of the batch with every answer in a nested loop (1000 × 1000, 300 ms a
 * batch). A hash join of the batch's rows with the answer costs the same whatever the estimates.
 */
export const RECORD_ANSWER_SQL = `
  with own as (
    select id from send_batches where id = $1 and claim_token = $2 and state in ('in_flight', 'uncertain') for update
  ),
  written as (
    update send_recipients r
    set status = case when a.code = 'Ok' then 'sent' else 'failed' end, serial_no = a.serial_no, code = a.code, message = a.message
    from ${ANSWER_ROWS}
    where r.batch_id = (select id from own) and r.phone = a.phone and r.status in ('pending', 'uncertain')
    returning r.status
  )
  update send_batches b set state = 'done', error = null, error_code = null, lease_until = null, finished_at = now(), updated_at = now(),
    sent_count = b.sent_count + (select count(*) from written where status = 'sent'),
    failed_count = b.failed_count + (select count(*) from written where status = 'failed')
  where b.id = (select id from own)
  returning b.id`;

/** The planner settings `RECORD_ANSWER_SQL` runs with (see there). */
export const RECORD_ANSWER_SETTINGS = "set local enable_nestloop = off";

/**
 * The answer of an unprepared batch (see `RECORD_ANSWER_SQL` for the parameters): one statement that locks the batch
 * if this claim is still the current one, inserts every number's row with its final status and finishes the batch,
 * now prepared. Each row is written once, where a prepared batch's are written pending and then updated. Returns no
 * row when the claim was lost, and `prepared` true, having written nothing, when the batch's rows were written
 * meanwhile (its lease ran out and it was made uncertain): those rows are then updated (`RECORD_ANSWER_SQL`).
 */
export const RECORD_NEW_ANSWER_SQL = `
  with own as (
    select id, task_id, prepared from send_batches where id = $1 and claim_token = $2 and state in ('in_flight', 'uncertain') for update
  ),
  written as (
    insert into send_recipients (task_id, batch_id, phone, status, serial_no, code, message)
    select o.task_id, o.id, a.phone, case when a.code = 'Ok' then 'sent' else 'failed' end, a.serial_no, a.code, a.message
    from own o, ${ANSWER_ROWS}
    where not o.prepared
    returning status
  ),
  finished as (
    update send_batches b set state = 'done', prepared = true, error = null, error_code = null, lease_until = null, finished_at = now(), updated_at = now(),
      sent_count = b.sent_count + (select count(*) from written where status = 'sent'),
      failed_count = b.failed_count + (select count(*) from written where status = 'failed')
    where b.id = (select id from own where not prepared)
  )
  select prepared from own`;

/**
 * Stores WeChat's answer for every number and finishes the batch; a number the answer left out fails with NoStatus
 * (WeChat did not take it). False when the claim was no longer this worker's.
 */
export async function recordAnswer(database: Db, claim: ClaimedBatch, statuses: SendStatus[]): Promise<boolean> {
  const byPhone = new Map(statuses.map((s) => [s.phoneNumber, s]));
  const answers = claim.phones.map((phone) => byPhone.get(phone));
  const values = [
    claim.batchId,
    claim.claimToken,
    JSON.stringify(claim.phones),
    JSON.stringify(answers.map((s) => s?.serialNo ?? null)),
    JSON.stringify(answers.map((s) => (s ? s.code : "NoStatus"))),
    JSON.stringify(answers.map((s) => (s ? s.message : "the answer had no status for this number"))),
  ];
  if (!claim.prepared) {
    // One statement on its own: no transaction, no planner settings (it joins nothing).
    const res = await database.$client.query<{ prepared: boolean }>({ name: "sender-record-new-answer", text: RECORD_NEW_ANSWER_SQL, values });
    if (res.rowCount === 0) return false;
    if (!res.rows[0].prepared) return true;
  }
  return inTransaction(database, async (c) => {
    await c.query(RECORD_ANSWER_SETTINGS);
    const res = await c.query<{ id: string }>({ name: "sender-record-answer", text: RECORD_ANSWER_SQL, values });
    return res.rowCount === 1;
  });
}

export interface RetryPolicy {
  maxAttempts: number;
  /** First retry delay; doubles with each attempt. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** WeChat refused the call (errcode): nothing was sent. Retry later within limits, else fail the numbers. */
export async function recordRefusal(
  database: Db,
  claim: ClaimedBatch,
  failure: Extract<SendFailure, { kind: "refused" }>,
  policy: RetryPolicy,
): Promise<"retry" | "failed" | "lost"> {
  // Stored as classifySendFailure made it with storedFailure, as recordUncertain stores its failure.
  const { code: errorCode, detail } = failure;
  return inTransaction(database, async (c) => {
    if (!(await lockOwnClaim(c, claim))) return "lost";
    if (failure.retryable && claim.attempt < policy.maxAttempts) {
      const delay =
        failure.errcode === 45011
          ? msToNextMinute()
          : Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** (claim.attempt - 1)) * (0.8 + Math.random() * 0.4);
      await c.query(
        `update send_batches set state = 'pending', error_code = $2, error = $3, lease_until = null, updated_at = now(),
           next_attempt_at = now() + $4 * interval '1 millisecond'
         where id = $1`,
        [claim.batchId, errorCode, detail, Math.round(delay)],
      );
      await c.query("update send_recipients set status = 'pending' where batch_id = $1 and status = 'uncertain'", [claim.batchId]);
      return "retry";
    }
    // Failed for good: its numbers are listed failed, so an unprepared batch's rows are written first.
    if (!claim.prepared) await prepareBatch(c, claim.batchId);
    const failed = await c.query(
      `update send_recipients set status = 'failed', code = $2, message = $3
       where batch_id = $1 and status in ('pending', 'uncertain')`,
      [claim.batchId, errorCode, detail],
    );
    await c.query(
      `update send_batches set state = 'failed', error_code = $2, error = $3, lease_until = null, finished_at = now(), updated_at = now(),
         failed_count = failed_count + $4
       where id = $1`,
      [claim.batchId, errorCode, detail, failed.rowCount ?? 0],
    );
    return "failed";
  });
}

function msToNextMinute(): number {
  return 60_000 - (Date.now() % 60_000) + 1000;
}

/** The call may or may not have sent: the batch waits for a person's decision, never resent on its own. */
export async function recordUncertain(database: Db, claim: ClaimedBatch, failure: StoredFailure): Promise<boolean> {
  return inTransaction(database, async (c) => {
    if (!(await lockOwnClaim(c, claim))) return false;
    if (!claim.prepared) await prepareBatch(c, claim.batchId);
    await markUncertain(c, "id = $1", [claim.batchId], failure);
    return true;
  });
}

/**
 * Marks the prepared batches in flight that `where` selects uncertain, with their pending rows. Also returns the
 * unprepared ones it selects, which it leaves alone: their rows are to be written first (`expireLeases`).
 */
async function markUncertain(
  c: pg.PoolClient | pg.Pool,
  where: string,
  params: unknown[],
  failure: StoredFailure,
  name?: string,
): Promise<{ batches: number; unprepared: number[] }> {
  const res = await c.query<{ batches: string; unprepared: string[] }>({
    name,
    text: `with b as (
       update send_batches set state = 'uncertain', error_code = $${params.length + 1}, error = $${params.length + 2}, lease_until = null, updated_at = now()
       where state = 'in_flight' and prepared and ${where} returning id
     ), r as (
       update send_recipients set status = 'uncertain' where batch_id in (select id from b) and status = 'pending' returning 1
     )
     select (select count(*) from b) as batches,
       array(select id from send_batches where state = 'in_flight' and not prepared and ${where}) as unprepared`,
    values: [...params, failure.code, failure.detail],
  });
  return { batches: Number(res.rows[0].batches), unprepared: res.rows[0].unprepared.map(Number) };
}

/**
 * A batch still in flight after its lease means its worker died mid-call (or hung past its timeout):
 * whether WeChat sent it is unknown, so it becomes uncertain. An unprepared one gets its rows first, in a transaction
 * of its own, so an uncertain batch always lists its numbers.
 */
export async function expireLeases(database: Db): Promise<number> {
  // Named, so each connection plans it once: every worker runs it up to four times a second while it sends.
  const expired = await markUncertain(database.$client, "lease_until < now()", [], WORKER_STOPPED, "sender-expire-leases");
  let batches = expired.batches;
  for (const id of expired.unprepared) {
    batches += await inTransaction(database, async (c) => {
      await prepareBatch(c, id);
      return (await markUncertain(c, "id = $1 and lease_until < now()", [id], WORKER_STOPPED)).batches;
    });
  }
  return batches;
}
