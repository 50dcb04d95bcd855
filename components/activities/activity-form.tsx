"use client";

import { useRouter } from "next/navigation";
import { useTimeZone, useTranslations } from "next-intl";
import { useState } from "react";
import { createActivityAction, updateActivityAction } from "@/app/(app)/activities/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { CHINA_TIME_ZONE } from "@/i18n/locales";
import { fromZonedInput, toZonedInput } from "@/i18n/zoned-input";

export interface ActivityFormValues {
  id?: string;
  name: string;
  startAt: string;
  endAt: string;
  miniProgramPath: string;
  miniProgramQuery: string;
  landingTitle: string;
  landingText: string;
  landingButton: string;
}

type ActivityInputForm = Exclude<Parameters<typeof createActivityAction>[0], FormData>;

export function ActivityForm({ initial, canEdit }: { initial: ActivityFormValues; canEdit: boolean }) {
  const t = useTranslations("activities");
  const timeZone = useTimeZone() ?? CHINA_TIME_ZONE;
  const router = useRouter();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const editing = Boolean(initial.id);
  const save = useAction(
    (activity: ActivityInputForm) =>
      initial.id ? updateActivityAction({ id: initial.id, activity }) : createActivityAction(activity),
    {
      onSuccess: (data) => {
        if (!editing) router.push(`/activities/${data.id}`);
        else router.refresh();
      },
    },
  );
  const pending = save.pending;
  // Field errors of the update action are nested under `activity.`.
  const errors: Record<string, string> = { ...localErrors };
  for (const [k, v] of Object.entries(save.fieldErrors)) errors[k.replace(/^activity\./, "")] ??= v;
  const notice = save.error
    ? { tone: "error" as const, text: save.error }
    : save.succeeded
      ? { tone: "success" as const, text: editing ? t("form.saved") : t("form.created") }
      : null;

  function submit(form: FormData) {
    const local = (k: string) => String(form.get(k) ?? "");
    const asIso = (k: string) => fromZonedInput(local(k), timeZone);
    const activity = {
      name: local("name"),
      startAt: asIso("startAt"),
      endAt: asIso("endAt"),
      miniProgramPath: local("miniProgramPath"),
      miniProgramQuery: local("miniProgramQuery"),
      landingTitle: local("landingTitle"),
      landingText: local("landingText"),
      landingButton: local("landingButton"),
    };
    const local_errors: Record<string, string> = {};
    if (!activity.startAt) local_errors.startAt = t("errors.invalidDate");
    if (!activity.endAt) local_errors.endAt = t("errors.invalidDate");
    if (activity.startAt && activity.endAt && activity.endAt <= activity.startAt) local_errors.endAt = t("errors.endBeforeStart");
    setLocalErrors(local_errors);
    save.reset();
    if (Object.keys(local_errors).length === 0) save.run(activity);
  }

  const field = (name: keyof ActivityFormValues, props: { label: string; hint?: string; type?: string; required?: boolean; maxLength?: number; placeholder?: string }) => (
    <Field label={props.label} htmlFor={`activity-${name}`} hint={props.hint} error={errors[name]}>
      <Input
        id={`activity-${name}`}
        name={name}
        type={props.type ?? "text"}
        required={props.required}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        defaultValue={props.type === "datetime-local" ? toZonedInput(initial[name] ?? "", timeZone) : initial[name]}
        aria-invalid={!!errors[name]}
      />
    </Field>
  );

  return (
    <form action={submit} className="space-y-6" data-testid="activity-form">
      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      <fieldset disabled={!canEdit || pending} className="space-y-6">
        <Card>
          <CardHeader title={editing ? t("form.editTitle") : t("form.createTitle")} />
          <CardBody className="grid gap-4 md:grid-cols-3">
            {field("name", { label: t("fields.name"), required: true, maxLength: 60 })}
            {field("startAt", { label: t("fields.startAt"), type: "datetime-local", required: true })}
            {field("endAt", { label: t("fields.endAt"), type: "datetime-local", required: true })}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("form.landingSection")} />
          <CardBody className="grid gap-4 md:grid-cols-2">
            {field("landingTitle", { label: t("fields.landingTitle"), required: true, maxLength: 40 })}
            {field("landingButton", { label: t("fields.landingButton"), hint: t("fields.landingButtonHint"), required: true, maxLength: 16 })}
            <Field label={t("fields.landingText")} htmlFor="activity-landingText" error={errors.landingText} className="md:col-span-2">
              <Textarea id="activity-landingText" name="landingText" maxLength={500} defaultValue={initial.landingText} aria-invalid={!!errors.landingText} />
            </Field>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("form.miniProgramSection")} />
          <CardBody className="grid gap-4 md:grid-cols-2">
            {field("miniProgramPath", { label: t("fields.miniProgramPath"), hint: t("fields.miniProgramPathHint"), maxLength: 200, placeholder: "pages/index/index" })}
            {field("miniProgramQuery", { label: t("fields.miniProgramQuery"), hint: t("fields.miniProgramQueryHint"), maxLength: 512, placeholder: "id=123" })}
          </CardBody>
        </Card>
        {canEdit ? (
          <div className="flex justify-end">
            <Button type="submit" disabled={pending}>
              {editing ? t("form.save") : t("form.create")}
            </Button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}
