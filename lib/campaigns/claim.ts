import crypto from "node:crypto";
import type pg from "pg";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import type { SmsType } from "@/lib/db/schema/campaigns";
import type { SendStatus } from "@/lib/wechat/types";
import type { SendFailure } from "./sms-api";

export interface ClaimedBatch {
  batchId: number;
  taskId: string;
  claimToken: string;
  /** Attempts including this one. */
  attempt: number;
  phones: string[];
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

/**
 * Claims the next due batch of a running task and marks it in flight; the transaction commits before
 * this returns, so the ledger says "in flight" before a single SMS can go out. Numbers that joined the
 * opt-out list since the task was made are marked skipped here, at send time. Returns null when nothing
 * is due. A batch left with no numbers is finished on the spot and another is tried.
 */
export async function claimNextBatch(database: Db, opts: ClaimOptions): Promise<ClaimedBatch | null> {
  for (;;) {
    const claimed = await inTransaction(database, async (c) => {
      const found = await c.query<{ id: string; task_id: string }>(
        `select b.id, b.task_id from send_batches b join send_tasks t on t.id = b.task_id
         where b.state = 'pending' and b.next_attempt_at <= now()
           and t.status = 'running' and t.send_at <= now()
           and (t.sms_type <> 'Marketing' or $1::boolean)
         order by b.next_attempt_at, b.id
         limit 1
         for update of b skip locked`,
        [opts.marketingAllowed],
      );
      if (found.rowCount === 0) return null;
      const batchId = Number(found.rows[0].id);
      const skipped = await c.query(
        `update send_recipients r set status = 'skipped', code = 'OptedOut', message = 'on the opt-out list at send time'
         where r.batch_id = $1 and r.status = 'pending'
           and exists (select 1 from suppressions s where s.phone = r.phone)`,
        [batchId],
      );
      const phones = await c.query<{ phone: string }>(
        "select phone from send_recipients where batch_id = $1 and status = 'pending' order by phone",
        [batchId],
      );
      const claimToken = crypto.randomUUID();
      if (phones.rowCount === 0) {
        await c.query(
          `update send_batches set state = 'done', skipped_count = skipped_count + $2, finished_at = now(), updated_at = now()
           where id = $1`,
          [batchId, skipped.rowCount ?? 0],
        );
        return "empty" as const;
      }
      const batch = await c.query<{ attempts: number }>(
        `update send_batches set state = 'in_flight', attempts = attempts + 1, claim_token = $2, claimed_by = $3, claimed_at = now(),
           lease_until = now() + $4 * interval '1 millisecond', skipped_count = skipped_count + $5, updated_at = now()
         where id = $1 returning attempts`,
        [batchId, claimToken, opts.workerId, opts.leaseMs, skipped.rowCount ?? 0],
      );
      const task = await c.query(
        `select activity_id, sms_type, content, path, template_id, template_params, use_short_name from send_tasks where id = $1`,
        [found.rows[0].task_id],
      );
      const t = task.rows[0];
      return {
        batchId,
        taskId: found.rows[0].task_id,
        claimToken,
        attempt: batch.rows[0].attempts,
        phones: phones.rows.map((r) => r.phone),
        task: {
          activityId: t.activity_id,
          smsType: t.sms_type,
          content: t.content,
          path: t.path,
          templateId: t.template_id,
          templateParams: t.template_params,
          useShortName: t.use_short_name,
        },
      } satisfies ClaimedBatch;
    });
    if (claimed !== "empty") return claimed;
  }
}

/**
 * Locks the batch if this claim is still the current one. A batch whose lease ran out was marked
 * uncertain by another worker, but the answer that arrives late is still the truth, so it is recorded.
 */
async function lockOwnClaim(c: pg.PoolClient, claim: ClaimedBatch): Promise<boolean> {
  const own = await c.query(
    "select 1 from send_batches where id = $1 and claim_token = $2 and state in ('in_flight', 'uncertain') for update",
    [claim.batchId, claim.claimToken],
  );
  return own.rowCount === 1;
}

/** Stores WeChat's answer for every number and finishes the batch. */
export async function recordAnswer(database: Db, claim: ClaimedBatch, statuses: SendStatus[]): Promise<boolean> {
  return inTransaction(database, async (c) => {
    if (!(await lockOwnClaim(c, claim))) return false;
    await c.query(
      `update send_recipients r
       set status = case when a.code = 'Ok' then 'sent' else 'failed' end, serial_no = a.serial_no, code = a.code, message = a.message
       from unnest($2::text[], $3::text[], $4::text[], $5::text[]) as a(phone, serial_no, code, message)
       where r.batch_id = $1 and r.phone = a.phone and r.status in ('pending', 'uncertain')`,
      [
        claim.batchId,
        statuses.map((s) => s.phoneNumber),
        statuses.map((s) => s.serialNo ?? null),
        statuses.map((s) => s.code ?? null),
        statuses.map((s) => s.message ?? null),
      ],
    );
    // A number the answer leaves out got no serial number: WeChat did not take it.
    await c.query(
      `update send_recipients set status = 'failed', code = 'NoStatus', message = 'the answer had no status for this number'
       where batch_id = $1 and status in ('pending', 'uncertain')`,
      [claim.batchId],
    );
    await c.query(
      `update send_batches b set state = 'done', error = null, lease_until = null, finished_at = now(), updated_at = now(),
         sent_count = x.sent, failed_count = x.failed
       from (select count(*) filter (where status = 'sent') as sent, count(*) filter (where status = 'failed') as failed
             from send_recipients where batch_id = $1) x
       where b.id = $1`,
      [claim.batchId],
    );
    return true;
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
  const error = `errcode ${failure.errcode}: ${failure.message}`;
  return inTransaction(database, async (c) => {
    if (!(await lockOwnClaim(c, claim))) return "lost";
    if (failure.retryable && claim.attempt < policy.maxAttempts) {
      const delay =
        failure.errcode === 45011
          ? msToNextMinute()
          : Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** (claim.attempt - 1)) * (0.8 + Math.random() * 0.4);
      await c.query(
        `update send_batches set state = 'pending', error = $2, lease_until = null, updated_at = now(),
           next_attempt_at = now() + $3 * interval '1 millisecond'
         where id = $1`,
        [claim.batchId, error, Math.round(delay)],
      );
      await c.query("update send_recipients set status = 'pending' where batch_id = $1 and status = 'uncertain'", [claim.batchId]);
      return "retry";
    }
    const failed = await c.query(
      `update send_recipients set status = 'failed', code = $2, message = $3
       where batch_id = $1 and status in ('pending', 'uncertain')`,
      [claim.batchId, String(failure.errcode), failure.message],
    );
    await c.query(
      `update send_batches set state = 'failed', error = $2, lease_until = null, finished_at = now(), updated_at = now(),
         failed_count = failed_count + $3
       where id = $1`,
      [claim.batchId, error, failed.rowCount ?? 0],
    );
    return "failed";
  });
}

function msToNextMinute(): number {
  return 60_000 - (Date.now() % 60_000) + 1000;
}

/** The call may or may not have sent: the batch waits for a person's decision, never resent on its own. */
export async function recordUncertain(database: Db, claim: ClaimedBatch, message: string): Promise<boolean> {
  return inTransaction(database, async (c) => {
    if (!(await lockOwnClaim(c, claim))) return false;
    await markUncertain(c, "id = $1", [claim.batchId], message);
    return true;
  });
}

async function markUncertain(c: pg.PoolClient | pg.Pool, where: string, params: unknown[], message: string): Promise<number> {
  const res = await c.query(
    `with b as (
       update send_batches set state = 'uncertain', error = $${params.length + 1}, lease_until = null, updated_at = now()
       where state = 'in_flight' and ${where} returning id
     ), r as (
       update send_recipients set status = 'uncertain' where batch_id in (select id from b) and status = 'pending' returning 1
     )
     select (select count(*) from b) as batches`,
    [...params, message],
  );
  return Number(res.rows[0].batches);
}

/**
 * A batch still in flight after its lease means its worker died mid-call (or hung past its timeout):
 * whether WeChat sent it is unknown, so it becomes uncertain.
 */
export async function expireLeases(database: Db): Promise<number> {
  return markUncertain(database.$client, "lease_until < now()", [], "the worker stopped while this batch was being sent");
}
