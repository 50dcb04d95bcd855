"use client";

import { useRouter } from "next/navigation";
import { useFormatter, useTimeZone, useTranslations } from "next-intl";
import { useState } from "react";
import { createAbTestAction } from "@/app/(app)/campaigns/ab/actions";
import { createCampaign, testSend } from "@/app/(app)/campaigns/actions";
import { AbPreviews, AbSettingsFields, AbVariantsFields, newAbDraft, type AbDraft } from "@/components/abtests/ab-compose";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { RecipientMessage, SendFailure } from "./send-failure";
import { CHINA_TIME_ZONE } from "@/i18n/locales";
import { fromZonedInput } from "@/i18n/zoned-input";
import { previewSms } from "@/lib/campaigns/compose";
import { MARKETING_CONTENT_LIMIT } from "@/lib/campaigns/sms";
import type { SmsSettings } from "@/lib/settings/sms";

interface Props {
  activities: Array<{ id: string; name: string; state: string }>;
  audiences: Array<{ id: string; name: string; members: number }>;
  settings: SmsSettings;
  /** When marketing SMS are outside the allowed hours now: when they open. */
  marketingHeldUntil: string | null;
  initialActivityId?: string;
  initialAudienceId?: string;
  /** Admins may send a marketing test outside the allowed hours (audited). */
  canOverrideHours: boolean;
}

type SmsType = "Marketing" | "Notification";

export function ComposeForm({ activities, audiences, settings, marketingHeldUntil, initialActivityId, initialAudienceId, canOverrideHours }: Props) {
  const t = useTranslations("campaigns.compose");
  const timeZone = useTimeZone() ?? CHINA_TIME_ZONE;
  const format = useFormatter();
  const router = useRouter();
  const [name, setName] = useState("");
  const [activityId, setActivityId] = useState(initialActivityId ?? activities[0]?.id ?? "");
  const [smsType, setSmsType] = useState<SmsType>("Marketing");
  const [content, setContent] = useState("");
  const [templateId, setTemplateId] = useState(settings.notificationTemplates[0]?.id ?? "");
  const [templateParams, setTemplateParams] = useState<string[]>([]);
  const [audienceId, setAudienceId] = useState(initialAudienceId ?? audiences[0]?.id ?? "");
  const [when, setWhen] = useState<"now" | "later">("now");
  const [sendAtLocal, setSendAtLocal] = useState("");
  const [testPhones, setTestPhones] = useState("");
  const [overrideHours, setOverrideHours] = useState(false);
  // One per visit of the form: a double click or a replayed request finds the campaign the first one made.
  const [requestId] = useState(() => crypto.randomUUID());
  const create = useAction(createCampaign, { onSuccess: (data) => router.push(`/campaigns/${data.taskId}`) });
  const createAb = useAction(createAbTestAction, { onSuccess: (data) => router.push(`/campaigns/ab/${data.testId}`) });
  const test = useAction(testSend);
  // Each button clears the others' failures, so at most one is shown; a test's next to its button.
  const error = create.error ?? createAb.error;
  const testFailure = test.failure?.params;
  const fieldErrors = { ...test.fieldErrors, ...createAb.fieldErrors, ...create.fieldErrors };
  const pending = create.pending || createAb.pending || test.pending;
  const testResult = test.data?.statuses ?? null;
  /** One SMS to the audience, or an A/B test of 2–4 variants whose winner goes to the rest. */
  const [mode, setMode] = useState<"single" | "ab">("single");
  const [ab, setAb] = useState<AbDraft>(() => newAbDraft("", []));

  const template = settings.notificationTemplates.find((x) => x.id === templateId);
  const params = template ? Array.from({ length: template.paramCount }, (_, i) => templateParams[i] ?? "") : [];
  const audience = audiences.find((a) => a.id === audienceId);
  // Cheap (a few string operations), so computed on every render rather than memoised.
  const preview = previewSms({ smsType, content, templateId, templateParams: params }, settings, audience?.members ?? 0);
  const contentLength = [...content].length;
  // In an A/B test the test send sends variant A.
  const body =
    mode === "ab"
      ? { activityId, smsType, content: ab.variants[0].content, templateId, templateParams: params.map((_, i) => ab.variants[0].templateParams[i] ?? "") }
      : { activityId, smsType, content, templateId, templateParams: params };

  function submit() {
    const sendAt = when === "later" && sendAtLocal ? fromZonedInput(sendAtLocal, timeZone) : "";
    test.reset();
    if (mode === "ab") {
      create.reset();
      createAb.run({ activityId, smsType, templateId, name, audienceId, sendAt, requestId, ...ab });
      return;
    }
    createAb.reset();
    create.run({ ...body, name, audienceId, sendAt, requestId });
  }

  function sendTest() {
    create.reset();
    createAb.reset();
    test.run({ ...body, phones: testPhones, overrideAllowedHours: canOverrideHours && overrideHours });
  }

  if (activities.length === 0 || audiences.length === 0) {
    return <Alert tone="warning" title={t("missingTitle")}>{activities.length === 0 ? t("noActivities") : t("noAudiences")}</Alert>;
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <Card>
        <CardBody className="space-y-5">
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Field label={t("name")} htmlFor="name" error={fieldErrors.name}>
            <Input id="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder={t("namePlaceholder")} />
          </Field>
          <Field label={t("activity")} htmlFor="activity" error={fieldErrors.activityId}>
            <Select id="activity" value={activityId} onChange={(e) => setActivityId(e.target.value)}>
              {activities.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.id})
                </option>
              ))}
            </Select>
          </Field>
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium">{t("type")}</legend>
            <div className="flex gap-4">
              {(["Marketing", "Notification"] as const).map((type) => (
                <label key={type} className="flex items-center gap-2 text-sm">
                  <input type="radio" name="smsType" value={type} checked={smsType === type} onChange={() => setSmsType(type)} />
                  {t(`types.${type}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium">{t("mode")}</legend>
            <div className="flex gap-4">
              {(["single", "ab"] as const).map((m) => (
                <label key={m} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name="mode"
                    value={m}
                    checked={mode === m}
                    data-testid={`mode-${m}`}
                    onChange={() => {
                      if (m === "ab" && mode === "single") setAb(newAbDraft(content, params));
                      setMode(m);
                    }}
                  />
                  {t(`modes.${m}`)}
                </label>
              ))}
            </div>
          </fieldset>
          {mode === "ab" && smsType === "Marketing" ? (
            <AbVariantsFields draft={ab} onChange={setAb} smsType={smsType} paramCount={0} fieldErrors={fieldErrors} />
          ) : smsType === "Marketing" ? (
            <Field
              label={t("content")}
              htmlFor="content"
              error={fieldErrors.content}
              hint={t("contentHint", { used: contentLength, max: MARKETING_CONTENT_LIMIT })}
            >
              <Textarea id="content" value={content} onChange={(e) => setContent(e.target.value)} rows={2} aria-invalid={contentLength > MARKETING_CONTENT_LIMIT} />
            </Field>
          ) : (
            <>
              <Field label={t("template")} htmlFor="template" error={fieldErrors.templateId} hint={settings.notificationTemplates.length === 0 ? t("noTemplates") : undefined}>
                <Select id="template" value={templateId} onChange={(e) => { setTemplateId(e.target.value); setTemplateParams([]); }}>
                  {settings.notificationTemplates.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name || x.id} ({t("paramCount", { count: x.paramCount })})
                    </option>
                  ))}
                </Select>
              </Field>
              {mode === "ab" ? (
                <AbVariantsFields draft={ab} onChange={setAb} smsType={smsType} paramCount={params.length} fieldErrors={fieldErrors} />
              ) : null}
              {mode === "ab" ? null : params.map((value, i) => (
                <Field key={i} label={t("param", { n: i + 1 })} htmlFor={`param-${i}`} error={i === 0 ? fieldErrors.templateParams : undefined}>
                  <Input
                    id={`param-${i}`}
                    value={value}
                    onChange={(e) => setTemplateParams(params.map((p, j) => (j === i ? e.target.value : p)))}
                  />
                </Field>
              ))}
            </>
          )}
          <Field label={t("audience")} htmlFor="audience" error={fieldErrors.audienceId} hint={t("audienceHint")}>
            <Select id="audience" value={audienceId} onChange={(e) => setAudienceId(e.target.value)}>
              {audiences.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} · {t("members", { count: a.members })}
                </option>
              ))}
            </Select>
          </Field>
          {mode === "ab" ? <AbSettingsFields draft={ab} onChange={setAb} fieldErrors={fieldErrors} /> : null}
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{t("when")}</legend>
            <div className="flex flex-wrap items-center gap-4">
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name="when" checked={when === "now"} onChange={() => setWhen("now")} /> {t("sendNow")}
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name="when" checked={when === "later"} onChange={() => setWhen("later")} /> {t("sendLater")}
              </label>
              {when === "later" ? (
                <Input type="datetime-local" aria-label={t("sendAt")} value={sendAtLocal} onChange={(e) => setSendAtLocal(e.target.value)} className="w-auto" />
              ) : null}
            </div>
            {fieldErrors.sendAt ? <p className="text-sm text-destructive">{fieldErrors.sendAt}</p> : null}
            {smsType === "Marketing" ? (
              <p className="text-xs text-muted-foreground">
                {t("allowedHours", { start: settings.allowedHours.start, end: settings.allowedHours.end })}{" "}
                {marketingHeldUntil && when === "now" ? t("heldUntil", { at: format.dateTime(new Date(marketingHeldUntil), "moment") }) : null}
              </p>
            ) : null}
          </fieldset>
          <div className="flex justify-end">
            <Button onClick={submit} disabled={pending || create.succeeded || createAb.succeeded} data-testid="send-campaign">
              {mode === "ab" ? t("submitAb") : when === "now" ? t("submitNow") : t("submitLater")}
            </Button>
          </div>
        </CardBody>
      </Card>

      <div className="space-y-6">
        <Card>
          <CardHeader title={t("preview")} />
          {mode === "ab" ? (
            <CardBody>
              <AbPreviews draft={ab} smsType={smsType} templateId={templateId} paramCount={params.length} settings={settings} members={audience?.members ?? 0} />
            </CardBody>
          ) : (
            <CardBody className="space-y-3">
              <div className="rounded-lg bg-muted p-3 text-sm leading-relaxed break-all" data-testid="sms-preview">
                {preview.text}
              </div>
              <dl className="grid grid-cols-2 gap-y-1 text-sm">
                <dt className="text-muted-foreground">{t("length")}</dt>
                <dd className="text-right tabular-nums">{preview.length}</dd>
                <dt className="text-muted-foreground">{t("segments")}</dt>
                <dd className="text-right tabular-nums">{preview.segments}</dd>
                <dt className="text-muted-foreground">{t("recipients")}</dt>
                <dd className="text-right tabular-nums">{format.number(preview.recipients)}</dd>
                <dt className="text-muted-foreground">{t("billed")}</dt>
                <dd className="text-right font-medium tabular-nums" data-testid="billed-estimate">{format.number(preview.billedMessages)}</dd>
              </dl>
              <p className="text-xs text-muted-foreground">{t("segmentRule")}</p>
            </CardBody>
          )}
        </Card>
        <Card data-testid="test-send">
          <CardHeader title={t("testTitle")} description={t("testDescription")} />
          <CardBody className="space-y-3">
            <Field label={t("testPhones")} htmlFor="test-phones" error={fieldErrors.phones}>
              <Input id="test-phones" value={testPhones} onChange={(e) => setTestPhones(e.target.value)} placeholder="13800138000, 13900139000" />
            </Field>
            {canOverrideHours && smsType === "Marketing" && marketingHeldUntil ? (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" id="override-hours" checked={overrideHours} onChange={(e) => setOverrideHours(e.target.checked)} />
                {t("testOverrideHours")}
              </label>
            ) : null}
            <Button variant="secondary" onClick={sendTest} disabled={pending || testPhones.trim() === ""}>
              {t("testSend")}
            </Button>
            {test.error ? (
              <Alert tone="error">
                <span data-testid="test-error">{test.error}</span>
                {/* Why WeChat refused or may not have sent it, when the send got that far. */}
                {testFailure?.failureCode !== undefined ? (
                  <span className="mt-1 block text-xs" data-testid="test-failure-reason">
                    <SendFailure code={String(testFailure.failureCode)} detail={testFailure.detail ? String(testFailure.detail) : null} />
                  </span>
                ) : null}
              </Alert>
            ) : null}
            {testResult ? (
              <ul className="space-y-1 text-sm">
                {testResult.map((s) => (
                  <li key={s.phone} className={s.code === "Ok" ? "text-success" : "text-destructive"}>
                    {s.phone}: {s.code === "Ok" ? t("testOk") : <RecipientMessage code={s.code} message={s.message} />}
                  </li>
                ))}
              </ul>
            ) : null}
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
