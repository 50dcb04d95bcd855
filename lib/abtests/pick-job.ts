import { smsPath } from "@/lib/activities";
import { createSendTaskIn } from "@/lib/campaigns/create-task";
import { and, eq, inArray, sql } from "drizzle-orm";
import { audit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db";
import { abTests } from "@/lib/db/schema/abtests";
import { inTransaction } from "@/lib/db/transaction";
import type { WechatClient } from "@/lib/wechat";
import { pickWaitMs } from "./create";
import { afterUnreadableFigures, pickWinner, type PickReason } from "./pick";
import { getAbTest, readVariantFigures, type AbTest } from "./results";

/** What one run of the pick did; `later` asks to be run again at that time. */
export type PickOutcome =
  | { kind: "done"; reason: "picked" | "alreadyDecided" | "missing" }
  | { kind: "later"; at: Date; reason: "notDue" | "stillSending" }
  | { kind: "manual"; reason: "unreadable" | "notEnoughData" }
  /** The figures could not be read: the job fails and the queue retries it. */
  | { kind: "retry"; error: string };

/** While variants are still sending at the due time, look again after this long (or the test's wait, if shorter). */
const STILL_SENDING_RECHECK_MS = 10 * 60_000;

/**
 * Sends the winner to the remainder, once: the test is marked picked and the winner task created (the same
 * createSendTaskIn as every send, source: the split's remainder) in one transaction, guarded by the test's status,
 * so a second pick (a retry, a double click, the automatic and a manual pick together) changes nothing.
 * The send is audited in the same transaction (no user: the automatic pick). Returns the winner task's id, or null
 * when the test was already decided.
 */
export async function sendWinner(database: Db, test: AbTest, variant: number, pickedBy: string | null, reason: PickReason | null): Promise<string | null> {
  const winner = test.variants[variant];
  if (!winner) throw new Error(`test ${test.id} has no variant ${variant}`);
  return inTransaction(database, async (c, tx) => {
    const claimed = await tx
      .update(abTests)
      .set({ status: "picked", pickedVariant: variant, pickedAt: sql`now()`, pickedBy, pickReason: reason })
      .where(and(eq(abTests.id, test.id), inArray(abTests.status, ["testing", "manual"])))
      .returning({ id: abTests.id });
    if (claimed.length === 0) return null;
    const marketing = test.smsType === "Marketing";
    const created = await createSendTaskIn(c, {
      name: test.winnerTaskName.replace("{label}", winner.label) || `${test.name} · ${winner.label}`,
      activityId: test.activityId,
      smsType: test.smsType,
      content: marketing ? winner.content : null,
      // The remainder's link counts on the SMS channel: the variant channels keep the test's own figures.
      path: marketing ? smsPath(test.activityId) : null,
      templateId: marketing ? null : test.templateId,
      templateParams: marketing ? null : winner.templateParams,
      useShortName: winner.useShortName,
      previewText: winner.previewText,
      createdBy: pickedBy,
      source: { kind: "abRemainder", testId: test.id },
    });
    await tx.update(abTests).set({ winnerTaskId: created.taskId }).where(eq(abTests.id, test.id));
    await audit(pickedBy, "abtest.pick", test.id, { variant: winner.label, winnerTaskId: created.taskId, numbers: created.totalCount, reason }, tx);
    return created.taskId;
  });
}

/**
 * The scheduled pick of an automatic test. Waits until it is due and the variants have finished sending; reads the
 * figures (retrying through the queue when WeChat cannot answer, then, 6 hours after the due time, handing over to a
 * person with a notice); picks by pickWinner and sends the winner — or hands over when there is not enough data.
 */
export async function runPick(database: Db, wechat: WechatClient, testId: string, now = new Date()): Promise<PickOutcome> {
  const test = await getAbTest(database, testId);
  if (!test) return { kind: "done", reason: "missing" };
  if (test.status !== "testing") return { kind: "done", reason: "alreadyDecided" };
  const due = new Date(test.pickDueAt ?? test.sendAt);
  if (now < due) return { kind: "later", at: due, reason: "notDue" };
  if (test.variants.some((v) => !v.taskFinished)) {
    return { kind: "later", at: new Date(now.getTime() + Math.min(STILL_SENDING_RECHECK_MS, pickWaitMs(test.waitHours))), reason: "stillSending" };
  }
  let figures;
  try {
    figures = await readVariantFigures(wechat, test, now);
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    if (afterUnreadableFigures(due, now) === "manual") {
      await handOver(database, test.id, "unreadable", error);
      return { kind: "manual", reason: "unreadable" };
    }
    await database.update(abTests).set({ lastPickError: error }).where(eq(abTests.id, test.id));
    return { kind: "retry", error };
  }
  const decision = pickWinner(figures, test.criterion);
  if (decision.kind === "notEnoughData") {
    await handOver(database, test.id, "notEnoughData", null);
    return { kind: "manual", reason: "notEnoughData" };
  }
  await sendWinner(database, test, decision.variant, null, decision.reason);
  return { kind: "done", reason: "picked" };
}

async function handOver(database: Db, testId: string, reason: "unreadable" | "notEnoughData", error: string | null): Promise<void> {
  await database
    .update(abTests)
    .set({ status: "manual", manualReason: reason, ...(error !== null ? { lastPickError: error } : {}) })
    .where(and(eq(abTests.id, testId), eq(abTests.status, "testing")));
}

