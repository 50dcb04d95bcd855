"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { cancelJob, getQueueOverview, retryJob } from "@/lib/jobs/admin";
import { testWechatConnection } from "@/lib/settings/connection-test";
import { changedSmsFields, getSmsSettings, saveSmsSettings, smsSettingsFormSchema } from "@/lib/settings/sms";

export const testConnectionAction = defineAction({ role: "admin", input: z.object({}) }, async (_input, { user }) => {
  const result = await testWechatConnection(config().wechat);
  await audit(user.id, "settings.connection_test", null, { ok: result.ok, mode: result.mode, code: result.problem?.code ?? 0 });
  return result;
});

export const saveSmsSettingsAction = defineAction({ role: "admin", input: smsSettingsFormSchema }, async (input, { user }) => {
  const before = await getSmsSettings(db());
  const changed = changedSmsFields(before, input);
  await saveSmsSettings(db(), input, user.id);
  await audit(user.id, "settings.sms", "sms", { changed, ...Object.fromEntries(changed.map((k) => [k, input[k]])) });
  revalidatePath("/settings");
  return { changed };
});

export const queueOverviewAction = defineAction({ role: "admin", input: z.object({}) }, async () => getQueueOverview(db()));

const queuedJobSchema = z.object({ name: z.string().min(1).max(100), id: z.string().uuid() });

export const cancelQueuedJobAction = defineAction({ role: "admin", input: queuedJobSchema }, async ({ name, id }, { user }) => {
  const cancelled = await cancelJob(db(), name, id);
  if (cancelled) await audit(user.id, "jobs.cancel", id, { name });
  return { changed: cancelled };
});

export const retryQueuedJobAction = defineAction({ role: "admin", input: queuedJobSchema }, async ({ name, id }, { user }) => {
  const retried = await retryJob(db(), name, id);
  if (retried) await audit(user.id, "jobs.retry", id, { name });
  return { changed: retried };
});
