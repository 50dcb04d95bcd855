import { z } from "zod";
import { errorCode, type FieldErrors } from "@/lib/errors";
import type { SmsSettings } from "@/lib/settings/sms";
import { MARKETING_CONTENT_LIMIT, composeSms, estimateSms, resolveSignature, type SmsEstimate } from "./sms";

/** The compose form, declared once: the client form, the server actions and the tests all use it. */
export const smsBodySchema = z.object({
  activityId: z.string().trim().min(1, "campaigns.errors.pickActivity"),
  smsType: z.enum(["Marketing", "Notification"]),
  content: z.string().trim().default(""),
  templateId: z.string().trim().default(""),
  templateParams: z.array(z.string()).default([]),
});
export type SmsBodyInput = z.infer<typeof smsBodySchema>;

export const composeSchema = smsBodySchema.extend({
  name: z.string().trim().min(1, "campaigns.errors.nameRequired").max(100),
  audienceId: z.uuid("campaigns.errors.pickAudience"),
  /** ISO instant; empty for "send now". */
  sendAt: z.string().trim().default(""),
});
export type ComposeInput = z.infer<typeof composeSchema>;

/** Checks what the schema cannot alone: the content limit, and the template's parameter count from the settings. */
export function checkSmsBody(input: SmsBodyInput, settings: SmsSettings): FieldErrors {
  const errors: FieldErrors = {};
  if (input.smsType === "Marketing") {
    const length = [...input.content].length;
    if (length === 0) errors.content = errorCode("campaigns.errors.contentEmpty");
    else if (length > MARKETING_CONTENT_LIMIT) errors.content = errorCode("campaigns.errors.contentTooLong", { max: MARKETING_CONTENT_LIMIT, length });
  } else {
    const template = settings.notificationTemplates.find((t) => t.id === input.templateId);
    if (!template) errors.templateId = errorCode("campaigns.errors.noTemplate");
    else if (input.templateParams.length !== template.paramCount || input.templateParams.some((p) => p.trim() === "")) {
      errors.templateParams = errorCode("campaigns.errors.templateParams", { count: template.paramCount });
    }
  }
  return errors;
}

/** The SMS as the phone will show it, with its length, segments and the billed estimate for `recipients`. */
export function previewSms(input: Pick<SmsBodyInput, "smsType" | "content" | "templateId" | "templateParams">, settings: SmsSettings, recipients: number): SmsEstimate & { useShortName: boolean } {
  const { signature, useShortName } = resolveSignature(settings.signature);
  const template = settings.notificationTemplates.find((t) => t.id === input.templateId);
  const text =
    input.smsType === "Marketing"
      ? composeSms(signature, { smsType: "Marketing", content: input.content }, settings.optOutText)
      : composeSms(signature, { smsType: "Notification", templateText: template?.text, params: input.templateParams }, settings.optOutText);
  return { ...estimateSms(text, recipients), useShortName };
}

export function parseSendAt(value: string, now = new Date()): Date | undefined | "invalid" {
  if (!value) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return "invalid";
  return at.getTime() <= now.getTime() ? undefined : at;
}
