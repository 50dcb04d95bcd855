import crypto from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { smsPath } from "@/lib/activities";
import { audit } from "@/lib/auth/audit";
import { config } from "@/lib/config";
import { nextAllowedTime, type AllowedHours } from "@/lib/campaigns/allowed-hours";
import { createSendTaskIn } from "@/lib/campaigns/create-task";
import type { Db } from "@/lib/db";
import { activityChannels } from "@/lib/db/schema/activities";
import { abTests, abTestVariants } from "@/lib/db/schema/abtests";
import { inTransaction, type ClientDb } from "@/lib/db/transaction";
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
 * to give every variant MIN_NUMBERS_PER_VARIANT numbers, leaving nothing behind. The audit entry (who sent what to
 * how many) is written in the same transaction; a replay writes none.
 */
export async function createAbTest(database: Db, spec: NewAbTest): Promise<CreatedAbTest> {
  const { input } = spec;
  const k = input.variants.length;
  const startAt = spec.sendAt ?? spec.now ?? new Date();
  const due = pickDueAt(input, startAt, spec.allowedHours, spec.waitSeconds);
  return inTransaction(database, async (c, tx) => {
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
    const [test] = await tx
      .insert(abTests)
      .values({
        name: input.name,
        activityId: input.activityId,
        audienceId: input.audienceId,
        smsType: input.smsType,
        templateId: input.smsType === "Notification" ? input.templateId : null,
        testShare: input.testShare,
        criterion: input.criterion,
        waitHours: input.waitHours,
        pickMode: input.pickMode,
        seed,
        // A manual pick waits for a person from the start; the results page shows the figures meanwhile.
        status: input.pickMode === "manual" ? "manual" : "testing",
        manualReason: input.pickMode === "manual" ? "chosen" : null,
        pickDueAt: due,
        eligibleCount: eligible,
        remainderCount: sizes.remainder,
        sendAt: startAt,
        createdBy: spec.createdBy,
        winnerTaskName: spec.names.winnerTask("{label}"),
        requestId: spec.requestId ?? null,
      })
      .onConflictDoNothing({ target: abTests.requestId })
      .returning({ id: abTests.id });
    // A second request with the same ID waited for the first one's transaction: answer with its test.
    if (!test) return replayOf(tx, spec.requestId!);
    const testId = test.id;
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
      await tx.insert(activityChannels).values({ activityId: input.activityId, id: channelId, name: spec.names.channel(label).slice(0, 40) });
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
      await tx.insert(abTestVariants).values({
        testId,
        idx: i,
        channelId,
        taskId: created.taskId,
        content: marketing ? v.content : null,
        templateParams: marketing ? null : v.templateParams,
        size: created.totalCount,
      });
      variants.push({ label, taskId: created.taskId, channelId, size: created.totalCount });
    }
    await audit(
      spec.createdBy,
      "abtest.create",
      testId,
      {
        name: input.name,
        activityId: input.activityId,
        audienceId: input.audienceId,
        variants: variants.map((v) => ({ label: v.label, taskId: v.taskId, channelId: v.channelId, numbers: v.size })),
        remainder: sizes.remainder,
        testShare: input.testShare,
        criterion: input.criterion,
        waitHours: input.waitHours,
        pickMode: input.pickMode,
        pickDueAt: due.toISOString(),
      },
      tx,
    );
    if (input.pickMode === "auto") await scheduleAbPick(testId, due, { db: database, client: c });
    return { testId, variants, eligible, remainder: sizes.remainder, pickDueAt: due, replayed: false };
  });
}

async function replayOf(tx: ClientDb, requestId: string): Promise<CreatedAbTest> {
  const [t] = await tx
    .select({ id: abTests.id, eligible: abTests.eligibleCount, remainder: abTests.remainderCount, pickDueAt: abTests.pickDueAt })
    .from(abTests)
    .where(eq(abTests.requestId, requestId));
  const variants = await tx
    .select({ idx: abTestVariants.idx, taskId: abTestVariants.taskId, channelId: abTestVariants.channelId, size: abTestVariants.size })
    .from(abTestVariants)
    .where(eq(abTestVariants.testId, t.id))
    .orderBy(asc(abTestVariants.idx));
  return {
    testId: t.id,
    variants: variants.map(({ idx, ...v }) => ({ label: VARIANT_LABELS[idx], ...v })),
    eligible: t.eligible,
    remainder: t.remainder,
    // createAbTest always sets it.
    pickDueAt: t.pickDueAt!,
    replayed: true,
  };
}
