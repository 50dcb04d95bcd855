"use server";

import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getActivity } from "@/lib/activities";
import { AbTestRefused, createAbTest } from "@/lib/abtests/create";
import { abTestSchema, checkAbTest } from "@/lib/abtests/input";
import { describePick } from "@/lib/abtests/pick";
import { sendWinner } from "@/lib/abtests/pick-job";
import { getAbResults, getAbTest, readVariantFigures } from "@/lib/abtests/results";
import { getAudience } from "@/lib/audiences";
import { ActionError, defineAction } from "@/lib/auth/action";
import { checkSmsBody, parseSendAt, previewSms } from "@/lib/campaigns/compose";
import { getTaskProgress } from "@/lib/campaigns/progress";
import { db } from "@/lib/db";
import { errorCode, type FieldErrors } from "@/lib/errors";
import { getSmsSettings } from "@/lib/settings/sms";
import { getWechat } from "@/lib/wechat";


/** Compose → "A/B test": refused with the field named and nothing created, or the test with its variant tasks. */
export const createAbTestAction = defineAction({ role: "marketer", input: abTestSchema.extend({ requestId: z.string().uuid() }) }, async (input, { user }) => {
  const ta = await getTranslations("abtests");
  const settings = await getSmsSettings(db());
  const fieldErrors: FieldErrors = { ...checkAbTest(input) };
  input.variants.forEach((v, i) => {
    const body = { ...input, content: v.content, templateParams: v.templateParams };
    // The template is the test's, the text or parameters are the variant's.
    for (const [field, message] of Object.entries(checkSmsBody(body, settings))) {
      fieldErrors[field === "templateId" ? field : `variants.${i}.${field}`] ??= message;
    }
  });
  if (!(await getActivity(db(), input.activityId))) fieldErrors.activityId = errorCode("campaigns.errors.noActivity");
  const audience = await getAudience(db(), input.audienceId);
  if (!audience) fieldErrors.audienceId = errorCode("campaigns.errors.noAudience");
  const sendAt = parseSendAt(input.sendAt);
  if (sendAt === "invalid") fieldErrors.sendAt = errorCode("campaigns.errors.badSendAt");
  if (Object.keys(fieldErrors).length > 0) throw new ActionError("campaigns.errors.fixFields", undefined, fieldErrors);

  const previews = input.variants.map((v) => previewSms({ ...input, content: v.content, templateParams: v.templateParams }, settings, 0));
  try {
    const created = await createAbTest(db(), {
      input,
      previews: previews.map((p) => ({ text: p.text, useShortName: p.useShortName })),
      names: {
        task: (label) => ta("names.task", { name: input.name, label }),
        channel: (label) => ta("names.channel", { name: input.name, label }),
        winnerTask: (label) => ta("names.winnerTask", { name: input.name, label }),
      },
      sendAt: sendAt === "invalid" ? undefined : sendAt,
      allowedHours: settings.allowedHours,
      createdBy: user.id,
      requestId: input.requestId,
    });
    // The creation writes its audit entry in its own transaction (none for a replay).
    return { testId: created.testId };
  } catch (e) {
    if (e instanceof AbTestRefused) throw ActionError.forField(e.field, e.error.code, e.error.params);
    throw e;
  }
});

const testIdSchema = z.object({ testId: z.string().uuid() });

/** The results page's figures, polled. */
export const getAbResultsAction = defineAction({ role: "analyst", input: testIdSchema }, async ({ testId }) => {
  const results = await getAbResults(db(), getWechat(), testId);
  if (!results) throw new ActionError("abtests.errors.noTest");
  const winnerTaskId = results.test.winnerTaskId;
  const progress = winnerTaskId ? await getTaskProgress(db(), winnerTaskId, (await getSmsSettings(db())).allowedHours) : null;
  const winner = progress
    ? { taskId: progress.id, status: progress.status, total: progress.total, sent: progress.sent, failed: progress.failed, done: progress.sent + progress.failed + progress.skipped + progress.cancelled }
    : null;
  return { ...results, winner };
});

/** The manual pick: one click; the winner goes to the remainder. The figures in front of the marketer are kept as the reason. */
export const pickAbVariantAction = defineAction(
  { role: "marketer", input: testIdSchema.extend({ variant: z.coerce.number().int().min(0).max(3) }) },
  async ({ testId, variant }, { user }) => {
    const test = await getAbTest(db(), testId);
    if (!test) throw new ActionError("abtests.errors.noTest");
    if (!test.variants[variant]) throw new ActionError("abtests.errors.noVariant");
    const figures = await readVariantFigures(getWechat(), test).catch(() => null);
    const winnerTaskId = await sendWinner(db(), test, variant, user.id, figures ? describePick(figures, test.criterion, variant) : null);
    if (!winnerTaskId) throw new ActionError("abtests.errors.alreadyPicked");
    return { winnerTaskId };
  },
);
