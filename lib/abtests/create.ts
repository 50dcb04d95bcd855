import crypto from "node:crypto";
import type pg from "pg";
import { smsPath } from "@/lib/activities";
import { config } from "@/lib/config";
import { nextAllowedTime, type AllowedHours } from "@/lib/campaigns/allowed-hours";
import { createSendTaskIn } from "@/lib/campaigns/create-task";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { checkAudienceSize, type AbError, type AbTestInput } from "./input";
import { scheduleAbPick } from "./queue";
import { splitSizes, VARIANT_LABELS } from "./split";

/** Refused with the field named (the audience too small); nothing was created. */
export class AbTestRefused extends Error {
  constructor(
    readonly field: string,
    readonly error: AbError,
  ) {
    super(error.code);
  }
}

export interface NewAbTest {
  input: AbTestInput;
  /** Per variant, as previewSms gives it. */
  previews: Array<{ text: string; useShortName: boolean }>;
  /** Names in the creator's language: the variant tasks', the variant channels', the winner task's. */
  names: { task: (label: string) => string; channel: (label: string) => string; winnerTask: (label: string) => string };
  sendAt: Date | undefined;
  allowedHours: AllowedHours;
  createdBy: string | null;
  now?: Date;
  /** The wait in seconds instead of the chosen hours (default: ABTEST_MIN_WAIT_SECONDS, if set). */
  waitSeconds?: number;
  /** Made by the browser once per click: a replay or a double click answers with the test the first request made. */
  requestId?: string;
}

export interface CreatedAbTest {
  testId: string;
  variants: Array<{ label: string; taskId: string; channelId: string; size: number }>;
  eligible: number;
  remainder: number;
  pickDueAt: Date;
  /** True when the request ID had already made this test: nothing new was created. */
  replayed: boolean;
}

/** The wait before the pick: the chosen hours, or ABTEST_MIN_WAIT_SECONDS where tests set it. */
export function pickWaitMs(waitHours: number, overrideSeconds: number | undefined = config().abTestWaitSeconds): number {
  return overrideSeconds !== undefined ? overrideSeconds * 1000 : waitHours * 3600_000;
}

/** When the pick is due: the wait counts from when the variants may go out (marketing SMS wait for the allowed hours). */
export function pickDueAt(input: Pick<AbTestInput, "smsType" | "waitHours">, sendAt: Date, allowedHours: AllowedHours, waitSeconds?: number): Date {
  const start = input.smsType === "Marketing" ? nextAllowedTime(sendAt, allowedHours) : sendAt;
  return new Date(start.getTime() + pickWaitMs(input.waitHours, waitSeconds));
}

/** A custom channel id (1–10 letters or digits): `ab`, 7 random characters, the variant's letter. */
function variantChannelId(stem: string, label: string): string {
  return `ab${stem}${label}`;
}

/**
 * Creates the test in one transaction: its split of the audience's eligible numbers (less the opt-out list) into
 * the variants and the remainder, a custom channel of the activity per variant, and per variant an ordinary send
 * task (createSendTaskIn, the same as any send) whose SMS link carries that channel; and, for an automatic pick,
 * the pick job on the queue at the due time. Refuses an audience too small
 * to give every variant MIN_NUMBERS_PER_VARIANT numbers, leaving nothing behind.
 */
export async function createAbTest(database: Db, spec: NewAbTest): Promise<CreatedAbTest> {
  const { input } = spec;
  const k = input.variants.length;
  const startAt = spec.sendAt ?? spec.now ?? new Date();
  const due = pickDueAt(input, startAt, spec.allowedHours, spec.waitSeconds);
  return inTransaction(database, async (c) => {
    const eligibleRow = await c.query<{ n: number }>(
      `select count(*)::int as n from audience_members m
       where m.audience_id = $1 and not exists (select 1 from suppressions s where s.phone = m.phone)`,
      [input.audienceId],
    );
    const eligible = eligibleRow.rows[0].n;
    const tooSmall = checkAudienceSize(eligible, input.testShare, k);
    if (tooSmall) throw new AbTestRefused("audienceId", tooSmall);
    const sizes = splitSizes(eligible, input.testShare, k);
    const seed = crypto.randomBytes(12).toString("hex");
    const test = await c.query<{ id: string }>(
      `insert into ab_tests (name, activity_id, audience_id, sms_type, template_id, test_share, criterion, wait_hours, pick_mode, seed,
         status, manual_reason, pick_due_at, eligible_count, remainder_count, send_at, created_by, winner_task_name, request_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $16, $17, $11, $12, $13, $14, $15, $18, $19)
       on conflict (request_id) do nothing returning id`,
      [
        input.name, input.activityId, input.audienceId, input.smsType, input.smsType === "Notification" ? input.templateId : null,
        input.testShare, input.criterion, input.waitHours, input.pickMode, seed, due, eligible, sizes.remainder, startAt, spec.createdBy,
        // A manual pick waits for a person from the start; the results page shows the figures meanwhile.
        input.pickMode === "manual" ? "manual" : "testing", input.pickMode === "manual" ? "chosen" : null, spec.names.winnerTask("{label}"),
        spec.requestId ?? null,
      ],
    );
    // A second request with the same ID waited for the first one's transaction: answer with its test.
    if (test.rowCount === 0) return replayOf(c, spec.requestId!);
    const testId = test.rows[0].id;
    // The split of lib/abtests/split.ts, in SQL: md5(seed:phone) order, the first testTotal to the variants in turn.
    await c.query(
      `insert into ab_test_members (test_id, phone, variant)
       select $1, phone, case when rank < $4 then (rank % $5)::smallint end
       from (
         select phone, row_number() over (order by md5($3 || ':' || phone) collate "C", phone collate "C") - 1 as rank
         from (select distinct m.phone from audience_members m
               where m.audience_id = $2 and not exists (select 1 from suppressions s where s.phone = m.phone)) e
       ) ranked`,
      [testId, input.audienceId, seed, sizes.testTotal, k],
    );
    const stem = crypto.randomBytes(8).toString("hex").slice(0, 7);
    const variants: CreatedAbTest["variants"] = [];
    for (const [i, v] of input.variants.entries()) {
      const label = VARIANT_LABELS[i];
      const channelId = variantChannelId(stem, label);
      await c.query("insert into activity_channels (activity_id, id, name) values ($1, $2, $3)", [
        input.activityId,
        channelId,
        spec.names.channel(label).slice(0, 40),
      ]);
      const marketing = input.smsType === "Marketing";
      const created = await createSendTaskIn(c, {
        name: spec.names.task(label),
        activityId: input.activityId,
        smsType: input.smsType,
        content: marketing ? v.content : null,
        path: marketing ? smsPath(input.activityId, channelId) : null,
        templateId: marketing ? null : input.templateId,
        templateParams: marketing ? null : v.templateParams,
        useShortName: spec.previews[i].useShortName,
        previewText: spec.previews[i].text,
        sendAt: spec.sendAt,
        createdBy: spec.createdBy,
        source: { kind: "abVariant", testId, variant: i },
      });
      await c.query(
        `insert into ab_test_variants (test_id, idx, channel_id, task_id, content, template_params, size) values ($1, $2, $3, $4, $5, $6, $7)`,
        [testId, i, channelId, created.taskId, marketing ? v.content : null, marketing ? null : JSON.stringify(v.templateParams), created.totalCount],
      );
      variants.push({ label, taskId: created.taskId, channelId, size: created.totalCount });
    }
    if (input.pickMode === "auto") await scheduleAbPick(testId, due, { db: database, client: c });
    return { testId, variants, eligible, remainder: sizes.remainder, pickDueAt: due, replayed: false };
  });
}

async function replayOf(c: pg.PoolClient, requestId: string): Promise<CreatedAbTest> {
  const t = await c.query("select id, eligible_count, remainder_count, pick_due_at from ab_tests where request_id = $1", [requestId]);
  const v = await c.query("select idx, task_id, channel_id, size from ab_test_variants where test_id = $1 order by idx", [t.rows[0].id]);
  return {
    testId: t.rows[0].id,
    variants: v.rows.map((x) => ({ label: VARIANT_LABELS[x.idx], taskId: x.task_id, channelId: x.channel_id, size: x.size })),
    eligible: t.rows[0].eligible_count,
    remainder: t.rows[0].remainder_count,
    pickDueAt: new Date(t.rows[0].pick_due_at),
    replayed: true,
  };
}
