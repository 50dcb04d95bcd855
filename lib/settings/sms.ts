import { eq } from "drizzle-orm";
import { z } from "zod";
import { DEFAULT_ALLOWED_HOURS, isValidHhmm } from "@/lib/campaigns/allowed-hours";
import { audit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db";
import { settings } from "@/lib/db/schema/settings";

/**
 * The SMS settings, kept under one key of the `settings` table. Every field has a default, so a
 * fresh install sends correctly before anyone opens the Settings page; a stored value only overrides
 * the fields it has.
 */
export const SMS_SETTINGS_KEY = "sms";

const hhmm = z.string().refine(isValidHhmm, "Use HH:MM, 24-hour China time");

export const notificationTemplateSchema = z.object({
  id: z.string().min(1),
  name: z.string().default(""),
  /** How many parameters the template has; the compose form checks the count. */
  paramCount: z.number().int().min(0).max(20),
  /** The template's text with {1}, {2}… placeholders, for the preview only. */
  text: z.string().default(""),
});
export type NotificationTemplate = z.infer<typeof notificationTemplateSchema>;

export const smsSettingsSchema = z.object({
  signature: z
    .object({
      name: z.string().default("鸿雁"),
      shortName: z.string().default(""),
      useShortName: z.boolean().default(false),
    })
    .default({ name: "鸿雁", shortName: "", useShortName: false }),
  optOutText: z.string().min(1).default("拒收请回复R"),
  allowedHours: z.object({ start: hhmm, end: hhmm }).default(DEFAULT_ALLOWED_HOURS),
  notificationTemplates: z.array(notificationTemplateSchema).default([]),
  /** Batches each worker process keeps in flight at once. */
  batchesInFlight: z.number().int().min(1).max(32).default(2),
  /** How many times a batch WeChat refused (errcode, so nothing was sent) is tried before it fails. */
  maxAttempts: z.number().int().min(1).max(20).default(5),
});
export type SmsSettings = z.infer<typeof smsSettingsSchema>;

export const DEFAULT_SMS_SETTINGS: SmsSettings = smsSettingsSchema.parse({});

/** Parses a stored value; a broken stored value falls back to the defaults field by field. */
export function parseSmsSettings(stored: unknown): SmsSettings {
  const whole = smsSettingsSchema.safeParse(stored ?? {});
  if (whole.success) return whole.data;
  const fields = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const shape = smsSettingsSchema.shape as Record<string, z.ZodType>;
    if (shape[key]?.safeParse(value).success) kept[key] = value;
  }
  return smsSettingsSchema.parse(kept);
}

export async function getSmsSettings(database: Db): Promise<SmsSettings> {
  const [row] = await database.select({ value: settings.value }).from(settings).where(eq(settings.key, SMS_SETTINGS_KEY));
  return parseSmsSettings(row?.value);
}

/**
 * Saves the settings and, in the same transaction, the audit entry: who saved, and each changed field with its new
 * value. Answers the names of the changed fields.
 */
export async function saveSmsSettings(database: Db, value: SmsSettings, userId: string | null): Promise<(keyof SmsSettings)[]> {
  const parsed = smsSettingsSchema.parse(value);
  return database.transaction(async (tx) => {
    const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, SMS_SETTINGS_KEY)).for("update");
    const changed = changedSmsFields(parseSmsSettings(row?.value), parsed);
    await tx
      .insert(settings)
      .values({ key: SMS_SETTINGS_KEY, value: parsed, updatedBy: userId })
      .onConflictDoUpdate({ target: settings.key, set: { value: parsed, updatedBy: userId, updatedAt: new Date() } });
    await audit(userId, "settings.sms", "sms", { changed, ...Object.fromEntries(changed.map((k) => [k, parsed[k]])) }, tx);
    return changed;
  });
}

// Saving from the Settings page -------------------------------------------------------------------------------

/** Longer mini-program names are replaced by the short name in the signature (WECHAT-NOTES.md). */
export const SIGNATURE_NAME_MAX = 12;
export const OPT_OUT_TEXT_MAX = 20;

/**
 * What the Settings form may save: the stored shape plus the rules a person can break. Each message is a
 * message key (lib/errors.ts).
 */
export const smsSettingsFormSchema = smsSettingsSchema
  .extend({
    optOutText: z.string().trim().min(1, "settings.sms.errors.optOutRequired").max(OPT_OUT_TEXT_MAX, "settings.sms.errors.optOutTooLong"),
    allowedHours: z.object({ start: z.string().refine(isValidHhmm, "settings.sms.errors.hhmm"), end: z.string().refine(isValidHhmm, "settings.sms.errors.hhmm") }),
  })
  .superRefine((s, ctx) => {
    const name = s.signature.name.trim();
    const shortName = s.signature.shortName.trim();
    if (!name) ctx.addIssue({ code: "custom", path: ["signature", "name"], message: "settings.sms.errors.signatureRequired" });
    if (s.signature.useShortName && !shortName) ctx.addIssue({ code: "custom", path: ["signature", "shortName"], message: "settings.sms.errors.shortNameRequired" });
    if (shortName.length > SIGNATURE_NAME_MAX) ctx.addIssue({ code: "custom", path: ["signature", "shortName"], message: "settings.sms.errors.shortNameTooLong" });
    if ([...name].length > SIGNATURE_NAME_MAX && !s.signature.useShortName) {
      ctx.addIssue({ code: "custom", path: ["signature", "useShortName"], message: "settings.sms.errors.nameTooLongUseShort" });
    }
    const seen = new Set<string>();
    s.notificationTemplates.forEach((template, i) => {
      if (seen.has(template.id)) ctx.addIssue({ code: "custom", path: ["notificationTemplates", i, "id"], message: "settings.sms.errors.templateDuplicate" });
      seen.add(template.id);
      const placeholders = [...template.text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
      if (template.text && placeholders.length > 0 && Math.max(...placeholders) !== template.paramCount) {
        ctx.addIssue({ code: "custom", path: ["notificationTemplates", i, "paramCount"], message: "settings.sms.errors.templateCountMismatch" });
      }
    });
  });

export interface SmsSettingsRecord {
  settings: SmsSettings;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The settings with when and by whom they were last saved (null when still the defaults). */
export async function getSmsSettingsRecord(database: Db): Promise<SmsSettingsRecord> {
  const [row] = await database
    .select({ value: settings.value, updatedAt: settings.updatedAt, updatedBy: settings.updatedBy })
    .from(settings)
    .where(eq(settings.key, SMS_SETTINGS_KEY));
  return { settings: parseSmsSettings(row?.value), updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null };
}

/** The top-level fields that differ, for the audit entry of a save. */
export function changedSmsFields(before: SmsSettings, after: SmsSettings): (keyof SmsSettings)[] {
  return (Object.keys(after) as (keyof SmsSettings)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
