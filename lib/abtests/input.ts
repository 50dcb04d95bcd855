import { z } from "zod";
import { smsBodySchema } from "@/lib/campaigns/compose";
import type { Criterion } from "./pick";
import { DEFAULT_TEST_SHARE, MAX_TEST_SHARE, MAX_VARIANTS, MIN_NUMBERS_PER_VARIANT, MIN_TEST_SHARE, MIN_VARIANTS, splitSizes } from "./split";

/** The compose form's A/B test, declared once: the form, the server action and the tests use it. */

export const MIN_WAIT_HOURS = 1;
export const MAX_WAIT_HOURS = 72;
export const DEFAULT_WAIT_HOURS = 4;

export const variantSchema = z.object({
  content: z.string().trim().default(""),
  templateParams: z.array(z.string()).default([]),
});

/** Shapes only; the ranges are checked by checkAbTest so that each refusal names its field with a code. */
export const abTestSchema = smsBodySchema.omit({ content: true, templateParams: true }).extend({
  name: z.string().trim().min(1).max(100),
  audienceId: z.string().uuid(),
  variants: z.array(variantSchema).max(10),
  testShare: z.coerce.number().default(DEFAULT_TEST_SHARE),
  criterion: z.enum(["h5", "wxapp"]).default("h5"),
  waitHours: z.coerce.number().default(DEFAULT_WAIT_HOURS),
  pickMode: z.enum(["auto", "manual"]).default("auto"),
  /** ISO instant; empty for "now". */
  sendAt: z.string().trim().default(""),
});
export type AbTestInput = z.infer<typeof abTestSchema>;

export interface AbError {
  code: string;
  params?: Record<string, string | number>;
}
export type AbFieldErrors = Record<string, AbError>;

/** What makes two variants the same SMS: the text for Marketing, the parameters for Notification. */
export function variantKey(smsType: "Marketing" | "Notification", v: { content: string; templateParams: string[] }): string {
  return smsType === "Marketing" ? v.content.trim() : JSON.stringify(v.templateParams.map((p) => p.trim()));
}

/**
 * The A/B rules, each refusal on the field it concerns: 2–4 variants, no two alike, a test share of 5–50%,
 * a wait of 1–72 whole hours. (Each variant's SMS body is checked by the compose rules, checkSmsBody.)
 */
export function checkAbTest(input: Pick<AbTestInput, "smsType" | "variants" | "testShare" | "waitHours">): AbFieldErrors {
  const errors: AbFieldErrors = {};
  if (input.variants.length < MIN_VARIANTS) errors.variants = { code: "abtests.errors.tooFewVariants", params: { min: MIN_VARIANTS } };
  else if (input.variants.length > MAX_VARIANTS) errors.variants = { code: "abtests.errors.tooManyVariants", params: { max: MAX_VARIANTS } };
  const seen = new Map<string, number>();
  input.variants.forEach((v, i) => {
    const key = variantKey(input.smsType, v);
    const first = seen.get(key);
    if (first !== undefined) {
      errors[`variants.${i}`] = { code: "abtests.errors.identicalVariants", params: { variant: label(i), same: label(first) } };
      errors.variants ??= errors[`variants.${i}`];
    } else seen.set(key, i);
  });
  if (!Number.isInteger(input.testShare) || input.testShare < MIN_TEST_SHARE || input.testShare > MAX_TEST_SHARE) {
    errors.testShare = { code: "abtests.errors.testShare", params: { min: MIN_TEST_SHARE, max: MAX_TEST_SHARE } };
  }
  if (!Number.isInteger(input.waitHours) || input.waitHours < MIN_WAIT_HOURS || input.waitHours > MAX_WAIT_HOURS) {
    errors.waitHours = { code: "abtests.errors.waitHours", params: { min: MIN_WAIT_HOURS, max: MAX_WAIT_HOURS } };
  }
  return errors;
}

/** The audience rule: each variant must get at least MIN_NUMBERS_PER_VARIANT of the eligible numbers. */
export function checkAudienceSize(eligible: number, testShare: number, variants: number): AbError | null {
  const sizes = splitSizes(eligible, testShare, variants);
  const smallest = Math.min(...sizes.variantSizes);
  if (smallest >= MIN_NUMBERS_PER_VARIANT) return null;
  return { code: "abtests.errors.audienceTooSmall", params: { min: MIN_NUMBERS_PER_VARIANT, smallest, eligible } };
}

function label(i: number): string {
  return String.fromCharCode(65 + i);
}

export type { Criterion };
