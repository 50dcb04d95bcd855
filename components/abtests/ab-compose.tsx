"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { DEFAULT_WAIT_HOURS, MAX_WAIT_HOURS, MIN_WAIT_HOURS } from "@/lib/abtests/input";
import { DEFAULT_TEST_SHARE, MAX_TEST_SHARE, MAX_VARIANTS, MIN_TEST_SHARE, MIN_VARIANTS, splitSizes, VARIANT_LABELS } from "@/lib/abtests/split";
import { previewSms } from "@/lib/campaigns/compose";
import { MARKETING_CONTENT_LIMIT } from "@/lib/campaigns/sms";
import type { SmsSettings } from "@/lib/settings/sms";

/** The A/B part of the compose form: the variants, and how the test runs. */
export interface AbDraft {
  variants: Array<{ content: string; templateParams: string[] }>;
  testShare: number;
  criterion: "h5" | "wxapp";
  waitHours: number;
  pickMode: "auto" | "manual";
}

export function newAbDraft(content: string, templateParams: string[]): AbDraft {
  return {
    variants: [{ content, templateParams }, { content: "", templateParams: templateParams.map(() => "") }],
    testShare: DEFAULT_TEST_SHARE,
    criterion: "h5",
    waitHours: DEFAULT_WAIT_HOURS,
    pickMode: "auto",
  };
}

interface Props {
  draft: AbDraft;
  onChange: (draft: AbDraft) => void;
  smsType: "Marketing" | "Notification";
  /** The template's parameter count (Notification). */
  paramCount: number;
  fieldErrors: Record<string, string>;
}

export function AbVariantsFields({ draft, onChange, smsType, paramCount, fieldErrors }: Props) {
  const t = useTranslations("abtests.compose");
  const setVariant = (i: number, v: AbDraft["variants"][number]) => onChange({ ...draft, variants: draft.variants.map((x, j) => (j === i ? v : x)) });
  return (
    <fieldset className="space-y-4" data-testid="ab-variants">
      <legend className="text-sm font-medium">{t("variants")}</legend>
      {fieldErrors.variants ? <p role="alert" className="text-sm text-destructive">{fieldErrors.variants}</p> : null}
      {draft.variants.map((v, i) => {
        const label = VARIANT_LABELS[i];
        const length = [...v.content].length;
        return (
          <div key={i} className="space-y-2 rounded-lg border border-border p-3" data-variant={label}>
            <div className="flex items-center justify-between gap-2">
              <span className="text-sm font-semibold">{t("variant", { label })}</span>
              {draft.variants.length > MIN_VARIANTS ? (
                <Button variant="ghost" size="sm" onClick={() => onChange({ ...draft, variants: draft.variants.filter((_, j) => j !== i) })}>
                  {t("removeVariant")}
                </Button>
              ) : null}
            </div>
            {smsType === "Marketing" ? (
              <Field
                label={t("content", { label })}
                htmlFor={`variant-${i}-content`}
                error={fieldErrors[`variants.${i}.content`] ?? fieldErrors[`variants.${i}`]}
                hint={t("contentHint", { used: length, max: MARKETING_CONTENT_LIMIT })}
              >
                <Textarea
                  id={`variant-${i}-content`}
                  rows={2}
                  className="min-h-16"
                  value={v.content}
                  aria-invalid={length > MARKETING_CONTENT_LIMIT}
                  onChange={(e) => setVariant(i, { ...v, content: e.target.value })}
                />
              </Field>
            ) : (
              Array.from({ length: paramCount }, (_, p) => (
                <Field
                  key={p}
                  label={t("param", { label, n: p + 1 })}
                  htmlFor={`variant-${i}-param-${p}`}
                  error={p === 0 ? (fieldErrors[`variants.${i}.templateParams`] ?? fieldErrors[`variants.${i}`]) : undefined}
                >
                  <Input
                    id={`variant-${i}-param-${p}`}
                    value={v.templateParams[p] ?? ""}
                    onChange={(e) => setVariant(i, { ...v, templateParams: Array.from({ length: paramCount }, (_, q) => (q === p ? e.target.value : (v.templateParams[q] ?? ""))) })}
                  />
                </Field>
              ))
            )}
          </div>
        );
      })}
      {draft.variants.length < MAX_VARIANTS ? (
        <Button variant="secondary" size="sm" onClick={() => onChange({ ...draft, variants: [...draft.variants, { content: "", templateParams: [] }] })} data-testid="add-variant">
          {t("addVariant")}
        </Button>
      ) : null}
    </fieldset>
  );
}

export function AbSettingsFields({ draft, onChange, fieldErrors }: Omit<Props, "smsType" | "paramCount">) {
  const t = useTranslations("abtests.compose");
  const ta = useTranslations("abtests");
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label={t("testShare")} htmlFor="ab-share" error={fieldErrors.testShare} hint={t("testShareHint", { min: MIN_TEST_SHARE, max: MAX_TEST_SHARE })}>
        <div className="flex items-center gap-2">
          <Input
            id="ab-share"
            type="number"
            min={MIN_TEST_SHARE}
            max={MAX_TEST_SHARE}
            className="w-24"
            value={Number.isNaN(draft.testShare) ? "" : draft.testShare}
            onChange={(e) => onChange({ ...draft, testShare: e.target.valueAsNumber })}
          />
          <span className="text-sm text-muted-foreground">%</span>
        </div>
      </Field>
      <Field label={t("waitHours")} htmlFor="ab-wait" error={fieldErrors.waitHours} hint={t("waitHint", { min: MIN_WAIT_HOURS, max: MAX_WAIT_HOURS })}>
        <div className="flex items-center gap-2">
          <Input
            id="ab-wait"
            type="number"
            min={MIN_WAIT_HOURS}
            max={MAX_WAIT_HOURS}
            className="w-24"
            value={Number.isNaN(draft.waitHours) ? "" : draft.waitHours}
            onChange={(e) => onChange({ ...draft, waitHours: e.target.valueAsNumber })}
          />
          <span className="text-sm text-muted-foreground">{t("hours")}</span>
        </div>
      </Field>
      <Field label={t("criterion")} htmlFor="ab-criterion" error={fieldErrors.criterion}>
        <Select id="ab-criterion" value={draft.criterion} onChange={(e) => onChange({ ...draft, criterion: e.target.value as AbDraft["criterion"] })}>
          <option value="h5">{ta("criteria.h5")}</option>
          <option value="wxapp">{ta("criteria.wxapp")}</option>
        </Select>
      </Field>
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium">{t("pickMode")}</legend>
        <div className="flex flex-wrap gap-4 pt-1.5">
          {(["auto", "manual"] as const).map((mode) => (
            <label key={mode} className="flex items-center gap-2 text-sm">
              <input type="radio" name="ab-pick" checked={draft.pickMode === mode} onChange={() => onChange({ ...draft, pickMode: mode })} />
              {t(`pickModes.${mode}`)}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** Preview, segments and cost per variant, with each variant's expected numbers and the remainder's. */
export function AbPreviews({
  draft, smsType, templateId, paramCount, settings, members,
}: { draft: AbDraft; smsType: "Marketing" | "Notification"; templateId: string; paramCount: number; settings: SmsSettings; members: number }) {
  const t = useTranslations("abtests.compose");
  const tc = useTranslations("campaigns.compose");
  const format = useFormatter();
  const share = Number.isFinite(draft.testShare) ? Math.min(Math.max(draft.testShare, 0), 100) : 0;
  const sizes = splitSizes(members, share, draft.variants.length);
  return (
    <div className="space-y-4" data-testid="ab-previews">
      {draft.variants.map((v, i) => {
        const params = Array.from({ length: paramCount }, (_, p) => v.templateParams[p] ?? "");
        const preview = previewSms({ smsType, content: v.content, templateId, templateParams: params }, settings, sizes.variantSizes[i]);
        return (
          <div key={i} className="space-y-2" data-variant-preview={VARIANT_LABELS[i]}>
            <p className="text-sm font-semibold">{t("variant", { label: VARIANT_LABELS[i] })}</p>
            <div className="rounded-lg bg-muted p-3 text-sm leading-relaxed break-all">{preview.text}</div>
            <dl className="grid grid-cols-2 gap-y-1 text-sm">
              <dt className="text-muted-foreground">{tc("length")}</dt>
              <dd className="text-right tabular-nums">{preview.length}</dd>
              <dt className="text-muted-foreground">{tc("segments")}</dt>
              <dd className="text-right tabular-nums">{preview.segments}</dd>
              <dt className="text-muted-foreground">{t("variantNumbers")}</dt>
              <dd className="text-right tabular-nums">{format.number(preview.recipients)}</dd>
              <dt className="text-muted-foreground">{tc("billed")}</dt>
              <dd className="text-right font-medium tabular-nums" data-testid={`ab-billed-${VARIANT_LABELS[i]}`}>{format.number(preview.billedMessages)}</dd>
            </dl>
          </div>
        );
      })}
      <p className="border-t border-border pt-3 text-sm text-muted-foreground" data-testid="ab-remainder">
        {t("remainder", { count: sizes.remainder })}
      </p>
      <p className="text-xs text-muted-foreground">{t("estimateNote")}</p>
    </div>
  );
}
