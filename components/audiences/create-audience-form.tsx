"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { createAudienceFromPasteAction } from "@/app/(app)/audiences/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useAction, useErrorText } from "@/components/use-action";
import { CSV_UPLOAD_MAX_BYTES, formatBytes, uploadCsv } from "./upload-csv";

type Mode = "csv" | "paste";

export function CreateAudienceForm() {
  const t = useTranslations("audiences");
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("csv");
  const [name, setName] = useState("");
  const [phones, setPhones] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [column, setColumn] = useState("");
  const [progress, setProgress] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState<Record<string, string>>({});
  const errorText = useErrorText();
  const paste = useAction(createAudienceFromPasteAction, { onSuccess: (data) => router.push(`/audiences/${data.audienceId}`) });
  const pending = paste.pending || paste.succeeded;
  const busy = pending || progress !== null;
  const error = uploadError ?? paste.error;
  const fieldErrors = { ...paste.fieldErrors, ...formErrors };

  function submit() {
    setUploadError(null);
    paste.reset();
    const errors: Record<string, string> = {};
    if (!name.trim() || name.trim().length > 100) errors.name = t("errors.name");
    if (mode === "paste" && !phones.trim()) errors.phones = t("errors.phones");
    if (mode === "paste" && phones.length > 900_000) errors.phones = t("create.pasteTooLong");
    if (mode === "csv" && !file) errors.file = t("create.noFile");
    if (mode === "csv" && file && file.size > CSV_UPLOAD_MAX_BYTES) errors.file = t("create.tooBig", { size: formatBytes(file.size) });
    setFormErrors(errors);
    if (Object.keys(errors).length > 0) return;

    if (mode === "paste") return paste.run({ name, phones });

    setProgress(0);
    const params = new URLSearchParams({ name: name.trim(), filename: file!.name, ...(column.trim() ? { column: column.trim() } : {}) });
    const url = `/api/audiences/upload?${params}`;
    void uploadCsv<{ audienceId: string }>(url, file!, setProgress).then((result) => {
      if (result.ok) {
        router.push(`/audiences/${result.data.audienceId}`);
        return;
      }
      setProgress(null);
      setUploadError(errorText(result.error));
    });
  }

  const tab = (m: Mode, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={mode === m}
      onClick={() => setMode(m)}
      className={cn("rounded-md px-3 py-1.5 text-sm font-medium", mode === m ? "bg-card text-foreground shadow-sm" : "text-muted-foreground hover:text-foreground")}
    >
      {label}
    </button>
  );

  return (
    <Card className="max-w-3xl">
      <CardBody>
        <form
          className="space-y-5"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Field label={t("create.name")} htmlFor="audience-name" error={fieldErrors.name}>
            <Input
              id="audience-name"
              name="name"
              value={name}
              maxLength={100}
              placeholder={t("create.namePlaceholder")}
              aria-invalid={Boolean(fieldErrors.name)}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>

          <div role="tablist" className="inline-flex gap-1 rounded-lg bg-muted p-1">
            {tab("csv", t("create.modeCsv"))}
            {tab("paste", t("create.modePaste"))}
          </div>

          {mode === "csv" ? (
            <>
              <Field
                label={t("create.file")}
                htmlFor="audience-file"
                hint={file ? t("create.fileChosen", { name: file.name, size: formatBytes(file.size) }) : t("create.fileHint")}
                error={fieldErrors.file}
              >
                <Input
                  id="audience-file"
                  name="file"
                  type="file"
                  accept=".csv,.txt,text/csv,text/plain"
                  className="py-1.5"
                  aria-invalid={Boolean(fieldErrors.file)}
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </Field>
              <Field label={t("create.column")} htmlFor="audience-column" hint={t("create.columnHint")} className="max-w-sm">
                <Input id="audience-column" name="column" value={column} maxLength={100} onChange={(e) => setColumn(e.target.value)} />
              </Field>
            </>
          ) : (
            <Field label={t("create.phones")} htmlFor="audience-phones" hint={t("create.phonesHint")} error={fieldErrors.phones}>
              <Textarea
                id="audience-phones"
                name="phones"
                rows={10}
                value={phones}
                className="font-mono"
                placeholder={"13800138000\n+86 139 0013 9000, 0086-137-0013-7000"}
                aria-invalid={Boolean(fieldErrors.phones)}
                onChange={(e) => setPhones(e.target.value)}
              />
            </Field>
          )}

          <div className="flex items-center gap-4">
            <Button type="submit" disabled={busy}>
              {t("create.submit")}
            </Button>
            {progress !== null ? (
              <div className="flex min-w-64 flex-1 items-center gap-3 text-sm text-muted-foreground" aria-live="polite">
                <ProgressBar percent={progress * 100} size="sm" className="flex-1" label={t("create.uploading", { percent: Math.round(progress * 100) })} />
                <span>{progress < 1 ? t("create.uploading", { percent: Math.round(progress * 100) }) : t("create.validating")}</span>
              </div>
            ) : pending ? (
              <span className="text-sm text-muted-foreground">{t("create.validating")}</span>
            ) : null}
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
