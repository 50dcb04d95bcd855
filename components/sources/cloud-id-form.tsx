"use client";

import { FileUp, Sparkles, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { asFailure, fetchJson, useErrorText, type ActionFailure } from "@/components/use-action";
import { decodeText } from "@/lib/audiences/encoding";
import type { ErrorCode } from "@/lib/errors";
import { SourceErrorAlert } from "./source-error";

/** Above this, the pasted text is not kept in the textarea (a browser slows down); the file is sent as it is. */
const TEXTAREA_MAX_CHARS = 200_000;
const FILE_MAX_BYTES = 16 * 1024 * 1024;

/** A rough count for the form; the server parses the list for real. */
function countTokens(text: string): number {
  return text.split(/[\s,，;；、"'`]+/).filter(Boolean).length;
}

export function CloudIdForm({ demoIds }: { demoIds: string[] | null }) {
  const t = useTranslations("sources.cloudids");
  const router = useRouter();
  const [audienceName, setAudienceName] = useState("");
  const [text, setText] = useState("");
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState<ErrorCode | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const count = useMemo(() => countTokens(file ? file.text : text), [file, text]);
  const start = useMutation<{ jobId: string }, ActionFailure>({
    mutationFn: () =>
      fetchJson<{ jobId: string }>("/api/audience-sources/cloudids", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ audienceName, filename: file?.name, text: file ? file.text : text }),
      }),
    onSuccess: ({ jobId }) => router.push(`/audiences/from-mini-program/jobs/${jobId}`),
  });
  const pending = start.isPending || start.isSuccess;
  const failure = start.error ? asFailure(start.error) : null;
  const error = fileError ?? (failure && !failure.fieldErrors.audienceName ? failure.error : null);
  const errorText = useErrorText();
  const audienceNameError = nameError ?? (failure?.fieldErrors.audienceName ? errorText(failure.fieldErrors.audienceName) : undefined);

  const submit = () => {
    setFileError(null);
    if (!audienceName.trim()) {
      setNameError(t("nameRequired"));
      return;
    }
    setNameError(undefined);
    start.mutate();
  };

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="cloudid-form"
    >
      <Field label={t("audienceName")} htmlFor="cloudid-audience-name" error={audienceNameError}>
        <Input id="cloudid-audience-name" value={audienceName} onChange={(e) => setAudienceName(e.target.value)} aria-invalid={!!audienceNameError} maxLength={200} />
      </Field>
      <Field label={t("paste")} htmlFor="cloudid-text" hint={t("pasteHint")}>
        <Textarea
          id="cloudid-text"
          className="min-h-40 font-mono text-xs"
          value={file ? "" : text}
          disabled={!!file}
          placeholder={file ? t("usingFile", { name: file.name }) : "9_5f1c…\n9_a03b…"}
          onChange={(e) => setText(e.target.value.length > TEXTAREA_MAX_CHARS ? e.target.value.slice(0, TEXTAREA_MAX_CHARS) : e.target.value)}
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <label className="inline-flex h-9 cursor-pointer items-center gap-2 rounded-md border border-border bg-card px-4 text-sm font-medium hover:bg-muted">
          <FileUp className="h-4 w-4" aria-hidden />
          {t("upload")}
          <input
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            className="sr-only"
            data-testid="cloudid-file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              if (f.size > FILE_MAX_BYTES) {
                setFileError({ code: "sources.errors.file_too_large", params: { mb: 16 } });
                return;
              }
              // UTF-8, GBK or UTF-16 (Excel's "Unicode Text"), as a CSV upload is read.
              setFile({ name: f.name, text: decodeText(new Uint8Array(await f.arrayBuffer())) });
            }}
          />
        </label>
        {file ? (
          <Button variant="ghost" size="sm" onClick={() => setFile(null)}>
            {t("clearFile", { name: file.name })}
          </Button>
        ) : null}
        {demoIds ? (
          <Button variant="ghost" size="sm" onClick={() => setText([...demoIds, "9_not-a-real-cloudid", "expired-cloudid-example"].join("\n"))} data-testid="cloudid-demo">
            <Sparkles className="h-4 w-4" aria-hidden />
            {t("useDemo", { count: demoIds.length })}
          </Button>
        ) : null}
        <span className="text-sm text-muted-foreground" data-testid="cloudid-count">
          {t("count", { count })}
        </span>
      </div>
      {count > 100_000 ? <Alert tone="warning">{t("tooMany")}</Alert> : null}
      {error ? <SourceErrorAlert error={error} /> : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending || count === 0} data-testid="cloudid-submit">
          <Upload className="h-4 w-4" aria-hidden />
          {pending ? t("starting") : t("submit")}
        </Button>
      </div>
    </form>
  );
}
