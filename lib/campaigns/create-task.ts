import type pg from "pg";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import type { PreparableSource, SmsType } from "@/lib/db/schema/campaigns";

export const BATCH_SIZE = 1000;

/**
 * A task with more batches than this is made with only its first ones prepared (their recipient rows written);
 * the workers write the rest ahead of the sending (lib/campaigns/prepare.ts). A million numbers are then a task in
 * well under a second, and its first SMS go out at once, while writing a row per number takes seconds.
 */
export const BATCHES_PREPARED_AT_CREATION = 20;

/**
 * Where a task's numbers come from. Every source is read in SQL; numbers never pass through JS. A source that can be
 * read again (all but an explicit list) is kept with the task, so its later batches are prepared from it.
 */
export type RecipientSource =
  | PreparableSource
  /** A short explicit list (test sends, small pastes); numbers must already be normalised to +86… */
  | { kind: "phones"; phones: string[] };

export interface NewSendTask {
  name: string;
  activityId: string;
  smsType: SmsType;
  content?: string | null;
  path?: string | null;
  templateId?: string | null;
  templateParams?: string[] | null;
  useShortName: boolean;
  previewText: string;
  sendAt?: Date;
  createdBy: string | null;
  source: RecipientSource;
  /**
   * Made by the browser once per click on "send" (a UUID). Unique in the database: a replay or a double click
   * answers with the task the first request made, and nothing is created twice.
   */
  requestId?: string;
}

export interface CreatedSendTask {
  taskId: string;
  totalCount: number;
  batchCount: number;
  suppressed: number;
  /** True when the request ID had already made this task: nothing new was created. */
  replayed: boolean;
}

/**
 * The SQL that reads a source's numbers, its parameters numbered from `$at`. Every source but an explicit list reads a
 * table whose primary key makes its numbers distinct already (and serves a range of them in phone order), so only
 * the list pays for de-duplication.
 */
export function sourceQuery(source: RecipientSource, at: number): { text: string; params: unknown[] } {
  const p = (i: number) => `$${at + i}`;
  switch (source.kind) {
    case "audience":
      return { text: `select phone from audience_members where audience_id = ${p(0)}`, params: [source.audienceId] };
    case "phones":
      return { text: `select distinct phone from unnest(${p(0)}::text[]) as phone where phone is not null`, params: [source.phones] };
    case "failedOf":
      return { text: `select phone from send_recipients where task_id = ${p(0)} and status = 'failed'`, params: [source.taskId] };
    case "abVariant":
      return { text: `select phone from ab_test_members where test_id = ${p(0)} and variant = ${p(1)}`, params: [source.testId, source.variant] };
    case "abRemainder":
      return { text: `select phone from ab_test_members where test_id = ${p(0)} and variant is null`, params: [source.testId] };
  }
}

/**
 * Creates the task and its batches of at most 1000 distinct numbers, minus the opt-out list, in one transaction,
 * with one ledger row per number of its first `BATCHES_PREPARED_AT_CREATION` batches (of all of them for an explicit
 * list). The numbering, batching and filtering are a single statement, so a million numbers never travel through
 * the application.
 */
export async function createSendTask(database: Db, input: NewSendTask): Promise<CreatedSendTask> {
  return inTransaction(database, (client) => createSendTaskIn(client, input));
}

/** createSendTask inside a transaction the caller holds (an A/B test creates all its variant tasks in one). */
export async function createSendTaskIn(client: pg.PoolClient, input: NewSendTask): Promise<CreatedSendTask> {
  // The planner cannot know how many batches the statement below makes; estimated at a few, it joined them to
  // the numbers in a nested loop (1M × 1000 comparisons, minutes). Hash joins only.
  await client.query("set local enable_nestloop = off");
  // Room for the numbered source (1M numbers ≈ 60 MB) and the opt-out list's hash table, so neither spills to disk.
  await client.query("set local work_mem = '256MB'");
  const preparable = input.source.kind !== "phones";
  // The audience's members are read again while the batches are prepared: deleting it waits for this task and then
  // refuses while the task has batches to prepare (lib/audiences deleteAudience).
  if (input.source.kind === "audience") await client.query("select 1 from audiences where id = $1 for share", [input.source.audienceId]);
  // A second request with the same ID waits here for the first one's transaction, then finds its task.
  const task = await client.query<{ id: string }>(
    `insert into send_tasks (name, activity_id, sms_type, content, path, template_id, template_params, use_short_name,
       preview_text, audience_id, resend_of, send_at, created_by, request_id, source)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, coalesce($12, now()), $13, $14, $15)
     on conflict (request_id) do nothing returning id`,
    [
      input.name,
      input.activityId,
      input.smsType,
      input.content ?? null,
      input.path ?? null,
      input.templateId ?? null,
      input.templateParams ? JSON.stringify(input.templateParams) : null,
      input.useShortName,
      input.previewText,
      input.source.kind === "audience" ? input.source.audienceId : null,
      input.source.kind === "failedOf" ? input.source.taskId : null,
      input.sendAt ?? null,
      input.createdBy,
      input.requestId ?? null,
      preparable ? JSON.stringify(input.source) : null,
    ],
  );
  if (task.rowCount === 0) {
    const existing = await client.query<{ id: string; total_count: number; suppressed_at_creation: number; batches: number }>(
      `select id, total_count, suppressed_at_creation, (select count(*)::int from send_batches b where b.task_id = t.id) as batches
       from send_tasks t where request_id = $1`,
      [input.requestId],
    );
    const e = existing.rows[0];
    return { taskId: e.id, totalCount: e.total_count, batchCount: e.batches, suppressed: e.suppressed_at_creation, replayed: true };
  }
  const taskId = task.rows[0].id;
  const src = sourceQuery(input.source, 3);
  // One statement, so every part reads the source in the same snapshot and the batches and their recipients agree
  // even while the opt-out list changes underneath. The sendable numbers are numbered once in phone order (kept,
  // about 60 MB per million); batch k holds numbers 1000k … 1000k+999 and, for a source that can be read again,
  // records the range of phones it covers, from its first number up to the next batch's first. Only the first
  // batches' rows are written here: the rows are most of the cost (about 1 s of database CPU per million, 2 s for
  // the primary key and 250 MB of WAL). The opt-out test is `in (select …)`, a hashed subplan: the opt-out list is
  // hashed once, whatever the planner estimates for a source that was just imported.
  const inserted = await client.query<{ recipients: string; batches: string; suppressed: string }>(
    `with counts as (
       select sendable.total - sendable.suppressed as sendable, sendable.suppressed
       from (
         select count(*) as total, count(*) filter (where source.phone in (select phone from suppressions)) as suppressed
         from (${src.text}) source
       ) sendable
     ),
     numbered as materialized (
       select source.phone, row_number() over (order by source.phone) - 1 as n
       from (${src.text}) source
       where not source.phone in (select phone from suppressions)
     ),
     starts as (
       select n / ${BATCH_SIZE} as seq, phone as first_phone, lead(phone) over (order by n) as end_phone
       from numbered where n % ${BATCH_SIZE} = 0
     ),
     batches as (
       insert into send_batches (task_id, seq, phone_count, prepared, first_phone, end_phone)
       select $1, s.seq, least(${BATCH_SIZE}, counts.sendable - s.seq * ${BATCH_SIZE}), s.seq < $2,
              case when s.seq >= $2 then s.first_phone end, case when s.seq >= $2 then s.end_phone end
       from counts, starts s
       order by s.seq
       returning id, seq
     ),
     batch_ids as (select array_agg(id order by seq) as ids from batches),
     recipients as (
       insert into send_recipients (task_id, batch_id, phone)
       select $1, (select ids from batch_ids)[numbered.n / ${BATCH_SIZE} + 1], numbered.phone
       from numbered
       where numbered.n < $2::bigint * ${BATCH_SIZE}
     )
     select counts.sendable as recipients, (select count(*) from batches) as batches, counts.suppressed
     from counts`,
    [taskId, preparable ? BATCHES_PREPARED_AT_CREATION : 2 ** 31 - 1, ...src.params],
  );
  const { recipients, batches, suppressed } = inserted.rows[0];
  const totalCount = Number(recipients);
  await client.query("update send_tasks set total_count = $2, suppressed_at_creation = $3 where id = $1", [taskId, totalCount, Number(suppressed)]);
  return { taskId, totalCount, batchCount: Number(batches), suppressed: Number(suppressed), replayed: false };
}
