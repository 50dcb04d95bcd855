"use server";

import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getActivity } from "@/lib/activities";
import { getAudience, normalisePhone } from "@/lib/audiences";
import { ActionError, defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import { checkSmsBody, composeSchema, parseSendAt, previewSms, smsBodySchema } from "@/lib/campaigns/compose";
import { cancelTask, markBatchSent, pauseTask, resendUncertainBatch, resumeTask } from "@/lib/campaigns/control";
import { createSendTask } from "@/lib/campaigns/create-task";
import { smsBodyColumns, smsBodyFromForm } from "@/lib/campaigns/sms-body";
import { classifySendFailure } from "@/lib/campaigns/sms-api";
import { smsApiFromConfig } from "@/lib/campaigns/wechat-sms-api";
import { db } from "@/lib/db";
import { getSmsSettings } from "@/lib/settings/sms";
import { uuidSchema } from "@/lib/ids";

const TEST_SEND_LIMIT = 5;

async function checkedBody(input: z.infer<typeof smsBodySchema>) {
  const settings = await getSmsSettings(db());
  const errors = checkSmsBody(input, settings);
  if (Object.keys(errors).length > 0) throw new ActionError("campaigns.errors.fixFields", undefined, errors);
  const activity = await getActivity(db(), input.activityId);
  if (!activity) throw ActionError.forField("activityId", "campaigns.errors.noActivity");
  return { settings, activity };
}

export const createCampaign = defineAction({ role: "marketer", input: composeSchema }, async (input, { user }) => {
  const { settings } = await checkedBody(input);
  const audience = await getAudience(db(), input.audienceId);
  if (!audience) throw ActionError.forField("audienceId", "campaigns.errors.noAudience");
  const sendAt = parseSendAt(input.sendAt);
  if (sendAt === "invalid") throw ActionError.forField("sendAt", "campaigns.errors.badSendAt");
  const preview = previewSms(input, settings, audience.memberCount);
  const created = await createSendTask(db(), {
    name: input.name,
    activityId: input.activityId,
    ...smsBodyColumns(smsBodyFromForm(input)),
    useShortName: preview.useShortName,
    previewText: preview.text,
    sendAt,
    createdBy: user.id,
    source: { kind: "audience", audienceId: input.audienceId },
  });
  await audit(user.id, "campaign.send", created.taskId, {
    name: input.name,
    activityId: input.activityId,
    smsType: input.smsType,
    audienceId: input.audienceId,
    numbers: created.totalCount,
    optedOut: created.suppressed,
    sendAt: sendAt?.toISOString() ?? null,
    text: preview.text,
  });
  return created;
});

const testSendSchema = smsBodySchema.extend({ phones: z.string().trim().min(1, "campaigns.errors.testPhonesRequired") });

export const testSend = defineAction({ role: "marketer", input: testSendSchema }, async (input, { user }) => {
  const { settings } = await checkedBody(input);
  const raw = input.phones.split(/[\s,，;；]+/).filter(Boolean);
  if (raw.length > TEST_SEND_LIMIT) throw ActionError.forField("phones", "campaigns.errors.tooManyTestNumbers", { max: TEST_SEND_LIMIT });
  const phones: string[] = [];
  for (const r of raw) {
    const n = normalisePhone(r);
    if (!n.ok) throw ActionError.forField("phones", "campaigns.errors.badTestNumber", { number: r });
    if (!phones.includes(n.phone)) phones.push(n.phone);
  }
  const preview = previewSms(input, settings, phones.length);
  try {
    const api = smsApiFromConfig();
    const answer = await api.sendSms({ ...smsBodyFromForm(input), phoneNumberList: phones, useShortName: preview.useShortName });
    await audit(user.id, "campaign.test_send", input.activityId, { phones: phones.length, smsType: input.smsType, text: preview.text });
    return { statuses: answer.sendStatusList.map((s) => ({ phone: s.phoneNumber, code: s.code, message: s.message })) };
  } catch (err) {
    const failure = classifySendFailure(err);
    throw failure.kind === "refused"
      ? new ActionError("campaigns.errors.testRefused", { code: failure.errcode, message: failure.message })
      : new ActionError("campaigns.errors.testUncertain");
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

export const resendFailed = defineAction({ role: "marketer", input: taskIdSchema }, async ({ taskId }, { user }) => {
  const t = await getTranslations("campaigns.errors");
  const r = await db().$client.query("select * from send_tasks where id = $1", [taskId]);
  const old = r.rows[0];
  if (!old) throw new ActionError("campaigns.errors.noTask");
  const failed = await db().$client.query("select 1 from send_recipients where task_id = $1 and status = 'failed' limit 1", [taskId]);
  if (failed.rowCount === 0) throw new ActionError("campaigns.errors.nothingFailed");
  const created = await createSendTask(db(), {
    name: `${old.name} (${t("resendSuffix")})`,
    activityId: old.activity_id,
    smsType: old.sms_type,
    content: old.content,
    path: old.path,
    templateId: old.template_id,
    templateParams: old.template_params,
    useShortName: old.use_short_name,
    previewText: old.preview_text,
    createdBy: user.id,
    source: { kind: "failedOf", taskId },
  });
  await audit(user.id, "campaign.resend_failed", created.taskId, { resendOf: taskId, numbers: created.totalCount });
  return created;
});
