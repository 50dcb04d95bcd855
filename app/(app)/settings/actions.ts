"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
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
