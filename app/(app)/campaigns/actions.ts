"use server";

import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getActivity } from "@/lib/activities";
import { getAudience } from "@/lib/audiences";
import { ActionError, defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import { checkSmsBody, composeSchema, parseSendAt, previewSms, smsBodySchema } from "@/lib/campaigns/compose";
import { cancelTask, markBatchSent, pauseTask, resendUncertainBatch, resumeTask } from "@/lib/campaigns/control";
import { sendCampaign } from "@/lib/campaigns/send";
import { resendFailedNumbers } from "@/lib/campaigns/resend";
import { sendTestSms, TestSendRefusal } from "@/lib/campaigns/test-send";
import { smsBodyColumns, smsBodyFromForm } from "@/lib/campaigns/sms-body";
import { classifySendFailure } from "@/lib/campaigns/sms-api";
import { smsApiFromConfig } from "@/lib/campaigns/wechat-sms-api";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { uuidSchema } from "@/lib/ids";
import { getSmsSettings } from "@/lib/settings/sms";

/** Made by the browser once per click on "send": the database keeps it unique, so a replay makes nothing new. */
const requestIdSchema = uuidSchema;

async function checkedBody(input: z.infer<typeof smsBodySchema>) {
  const settings = await getSmsSettings(db());
  const errors = checkSmsBody(input, settings);
  if (Object.keys(errors).length > 0) throw new ActionError("campaigns.errors.fixFields", undefined, errors);
  const activity = await getActivity(db(), input.activityId);
  if (!activity) throw ActionError.forField("activityId", "campaigns.errors.noActivity");
  return { settings, activity };
}

export const createCampaign = defineAction({ role: "marketer", input: composeSchema.extend({ requestId: requestIdSchema }) }, async (input, { user }) => {
  const { settings } = await checkedBody(input);
  const audience = await getAudience(db(), input.audienceId);
  if (!audience) throw ActionError.forField("audienceId", "campaigns.errors.noAudience");
  const sendAt = parseSendAt(input.sendAt);
  if (sendAt === "invalid") throw ActionError.forField("sendAt", "campaigns.errors.badSendAt");
  const preview = previewSms(input, settings, audience.memberCount);
  // Writes the audit entry (who sent what, to how many, for when) unless the request was a replay.
  return sendCampaign(db(), {
    name: input.name,
    activityId: input.activityId,
    ...smsBodyColumns(smsBodyFromForm(input)),
    useShortName: preview.useShortName,
    previewText: preview.text,
    sendAt,
    createdBy: user.id,
    requestId: input.requestId,
    source: { kind: "audience", audienceId: input.audienceId },
  });
});

const testSendSchema = smsBodySchema.extend({
  phones: z.string().trim().min(1, "campaigns.errors.test.noNumbers").max(2000),
  /** Admins only: send a marketing test outside the allowed hours (audited). */
  overrideAllowedHours: z.boolean().default(false),
});

export const testSend = defineAction({ role: "marketer", input: testSendSchema }, async (input, { user }) => {
  const { settings } = await checkedBody(input);
  if (input.overrideAllowedHours && !hasRole(user.role, "admin")) throw new ActionError("campaigns.errors.overrideAdminOnly");
  const preview = previewSms(input, settings, 1);
  try {
    const sent = await sendTestSms(db(), smsApiFromConfig(), {
      userId: user.id,
      overrideAllowedHours: input.overrideAllowedHours,
      activityId: input.activityId,
      phonesText: input.phones,
      previewText: preview.text,
      allowedHours: settings.allowedHours,
      sms: { ...smsBodyFromForm(input), useShortName: preview.useShortName },
    });
    return { statuses: sent.statuses.map((s) => ({ phone: s.phone, code: s.code, message: s.message })) };
  } catch (err) {
    if (err instanceof TestSendRefusal) {
      const code = `campaigns.errors.test.${err.code}`;
      throw ["badNumber", "optedOut", "tooManyNumbers", "noNumbers"].includes(err.code) ? ActionError.forField("phones", code, err.params) : new ActionError(code, err.params);
    }
    // The reason travels as the stored failure's code and detail (lib/campaigns/failure.ts); the form words it.
    const { kind, code, detail } = classifySendFailure(err);
    throw new ActionError(kind === "refused" ? "campaigns.errors.testRefused" : "campaigns.errors.testUncertain", { failureCode: code, detail: detail ?? "" });
  }
});

const taskIdSchema = z.object({ taskId: uuidSchema });
const batchSchema = taskIdSchema.extend({ batchId: z.coerce.number().int().positive() });

async function controlled(changed: boolean) {
  if (!changed) throw new ActionError("campaigns.errors.notPossibleNow");
  return { changed };
}

export const pauseCampaign = defineAction({ role: "marketer", input: taskIdSchema }, async ({ taskId }, { user }) => {
  const r = await controlled(await pauseTask(db(), taskId));
  await audit(user.id, "campaign.pause", taskId);
  return r;
});

export const resumeCampaign = defineAction({ role: "marketer", input: taskIdSchema }, async ({ taskId }, { user }) => {
  const r = await controlled(await resumeTask(db(), taskId));
  await audit(user.id, "campaign.resume", taskId);
  return r;
});

export const cancelCampaign = defineAction({ role: "marketer", input: taskIdSchema }, async ({ taskId }, { user }) => {
  const r = await controlled(await cancelTask(db(), taskId));
  await audit(user.id, "campaign.cancel", taskId);
  return r;
});

export const resendUncertain = defineAction({ role: "marketer", input: batchSchema }, async ({ taskId, batchId }, { user }) => {
  const r = await controlled(await resendUncertainBatch(db(), taskId, batchId));
  await audit(user.id, "campaign.resend_uncertain", taskId, { batchId });
  return r;
});

export const markUncertainSent = defineAction({ role: "marketer", input: batchSchema }, async ({ taskId, batchId }, { user }) => {
  const r = await controlled(await markBatchSent(db(), taskId, batchId));
  await audit(user.id, "campaign.mark_sent", taskId, { batchId });
  return r;
});

export const resendFailed = defineAction({ role: "marketer", input: taskIdSchema.extend({ requestId: requestIdSchema }) }, async ({ taskId, requestId }, { user }) => {
  const t = await getTranslations("campaigns.errors");
  const created = await resendFailedNumbers(db(), { taskId, requestId, createdBy: user.id, nameSuffix: t("resendSuffix") });
  if (created === "no_task") throw new ActionError("campaigns.errors.noTask");
  if (created === "nothing_failed") throw new ActionError("campaigns.errors.nothingFailed");
  return created;
});
