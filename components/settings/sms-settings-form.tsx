"use client";

import { Plus, Save, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { saveSmsSettingsAction } from "@/app/(app)/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { useAction } from "@/components/use-action";
import type { NotificationTemplate, SmsSettings } from "@/lib/settings/sms";

type Notice = { tone: "success" | "error"; text: string } | null;

const EMPTY_TEMPLATE: NotificationTemplate = { id: "", name: "", paramCount: 1, text: "" };

export function SmsSettingsForm({ initial }: { initial: SmsSettings }) {
  const t = useTranslations("settings.sms");
  const router = useRouter();
  const [value, setValue] = useState<SmsSettings>(initial);
  const saveAction = useAction(saveSmsSettingsAction, { onSuccess: () => router.refresh() });
  const { pending, fieldErrors: errors } = saveAction;
  const changed = saveAction.data?.changed.length ?? 0;
  const notice: Notice = saveAction.error
    ? { tone: "error", text: Object.keys(errors).length ? t("fixErrors") : saveAction.error }
    : saveAction.succeeded
      ? { tone: "success", text: changed ? t("saved", { count: changed }) : t("unchanged") }
      : null;

  const set = <K extends keyof SmsSettings>(key: K, v: SmsSettings[K]) => setValue((s) => ({ ...s, [key]: v }));
  const setTemplate = (i: number, patch: Partial<NotificationTemplate>) =>
    set("notificationTemplates", value.notificationTemplates.map((tpl, j) => (j === i ? { ...tpl, ...patch } : tpl)));
  const errorText = (path: string) => errors[path];
  const save = () => saveAction.run(value);

  const signature = value.signature.useShortName && value.signature.shortName ? value.signature.shortName : value.signature.name;
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      data-testid="sms-settings-form"
    >
      <fieldset className="grid gap-4 md:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">{t("signature.title")}</legend>
        <Field label={t("signature.name")} htmlFor="sms-name" hint={t("signature.nameHint")} error={errorText("signature.name")}>
          <Input id="sms-name" value={value.signature.name} onChange={(e) => set("signature", { ...value.signature, name: e.target.value })} aria-invalid={!!errors["signature.name"]} />
        </Field>
        <Field label={t("signature.shortName")} htmlFor="sms-short-name" hint={t("signature.shortNameHint")} error={errorText("signature.shortName")}>
          <Input
            id="sms-short-name"
            value={value.signature.shortName}
            onChange={(e) => set("signature", { ...value.signature, shortName: e.target.value })}
            aria-invalid={!!errors["signature.shortName"]}
          />
        </Field>
        <Field label={t("signature.useShortName")} htmlFor="sms-use-short" error={errorText("signature.useShortName")}>
          <label className="flex h-9 items-center gap-2 text-sm">
            <input
              id="sms-use-short"
              type="checkbox"
              className="h-4 w-4 accent-[var(--primary)]"
              checked={value.signature.useShortName}
              onChange={(e) => set("signature", { ...value.signature, useShortName: e.target.checked })}
            />
            {t("signature.useShortNameLabel")}
          </label>
        </Field>
      </fieldset>

      <fieldset className="grid gap-4 md:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">{t("rules.title")}</legend>
        <Field label={t("rules.optOutText")} htmlFor="sms-opt-out" hint={t("rules.optOutHint")} error={errorText("optOutText")}>
          <Input id="sms-opt-out" value={value.optOutText} onChange={(e) => set("optOutText", e.target.value)} aria-invalid={!!errors.optOutText} />
        </Field>
        <Field label={t("rules.allowedStart")} htmlFor="sms-start" hint={t("rules.allowedHint")} error={errorText("allowedHours.start")}>
          <Input id="sms-start" type="time" value={value.allowedHours.start} onChange={(e) => set("allowedHours", { ...value.allowedHours, start: e.target.value })} />
        </Field>
        <Field label={t("rules.allowedEnd")} htmlFor="sms-end" error={errorText("allowedHours.end")}>
          <Input id="sms-end" type="time" value={value.allowedHours.end} onChange={(e) => set("allowedHours", { ...value.allowedHours, end: e.target.value })} />
        </Field>
        <Field label={t("rules.batchesInFlight")} htmlFor="sms-batches" hint={t("rules.batchesHint")} error={errorText("batchesInFlight")}>
          <Input id="sms-batches" type="number" min={1} max={32} value={value.batchesInFlight} onChange={(e) => set("batchesInFlight", Number(e.target.value))} />
        </Field>
        <Field label={t("rules.maxAttempts")} htmlFor="sms-attempts" hint={t("rules.attemptsHint")} error={errorText("maxAttempts")}>
          <Input id="sms-attempts" type="number" min={1} max={20} value={value.maxAttempts} onChange={(e) => set("maxAttempts", Number(e.target.value))} />
        </Field>
      </fieldset>

      <div className="rounded-md border border-border bg-muted px-4 py-3 text-sm" data-testid="sms-preview">
        <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{t("preview.title")}</p>
        <p className="mt-1">
          【{signature || "—"}】{t("preview.body")} https://…/index.html {value.optOutText}
        </p>
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">{t("templates.title")}</legend>
        <p className="text-sm text-muted-foreground">{t("templates.description")}</p>
        {value.notificationTemplates.length > 0 ? (
          <Table data-testid="templates-table">
            <thead>
              <tr>
                <Th>{t("templates.id")}</Th>
                <Th>{t("templates.name")}</Th>
                <Th>{t("templates.paramCount")}</Th>
                <Th>{t("templates.text")}</Th>
                <Th />
              </tr>
            </thead>
            <tbody>
              {value.notificationTemplates.map((tpl, i) => (
                <tr key={i}>
                  <Td>
                    <Input aria-label={t("templates.id")} value={tpl.id} onChange={(e) => setTemplate(i, { id: e.target.value })} aria-invalid={!!errors[`notificationTemplates.${i}.id`]} />
                    {errorText(`notificationTemplates.${i}.id`) ? <p className="mt-1 text-xs text-destructive">{errorText(`notificationTemplates.${i}.id`)}</p> : null}
                  </Td>
                  <Td>
                    <Input aria-label={t("templates.name")} value={tpl.name} onChange={(e) => setTemplate(i, { name: e.target.value })} />
                  </Td>
                  <Td className="w-28">
                    <Input
                      aria-label={t("templates.paramCount")}
                      type="number"
                      min={0}
                      max={20}
                      value={tpl.paramCount}
                      onChange={(e) => setTemplate(i, { paramCount: Number(e.target.value) })}
                      aria-invalid={!!errors[`notificationTemplates.${i}.paramCount`]}
                    />
                    {errorText(`notificationTemplates.${i}.paramCount`) ? (
                      <p className="mt-1 text-xs text-destructive">{errorText(`notificationTemplates.${i}.paramCount`)}</p>
                    ) : null}
                  </Td>
                  <Td>
                    <Input aria-label={t("templates.text")} value={tpl.text} placeholder={t("templates.textPlaceholder")} onChange={(e) => setTemplate(i, { text: e.target.value })} />
                  </Td>
                  <Td className="w-12 text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={t("templates.remove")}
                      onClick={() => set("notificationTemplates", value.notificationTemplates.filter((_, j) => j !== i))}
                    >
                      <Trash2 className="h-4 w-4" />
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <p className="text-sm text-muted-foreground">{t("templates.none")}</p>
        )}
        <Button variant="secondary" size="sm" onClick={() => set("notificationTemplates", [...value.notificationTemplates, { ...EMPTY_TEMPLATE }])}>
          <Plus className="h-4 w-4" aria-hidden />
          {t("templates.add")}
        </Button>
      </fieldset>

      {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending} data-testid="sms-save">
          <Save className="h-4 w-4" aria-hidden />
          {t("save")}
        </Button>
      </div>
    </form>
  );
}
