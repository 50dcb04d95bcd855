"use client";

import { Play, UsersRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { callCloudFunctionAction, type CallFunctionResult } from "@/app/(app)/audiences/from-mini-program/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { SourceErrorAlert } from "./source-error";

export interface DemoFunction {
  name: string;
  /** Key in sources.function.demoLabels: what trying it shows. */
  label: string;
  input: string;
}

export function CloudFunctionForm({ demoFunctions }: { demoFunctions: DemoFunction[] | null }) {
  const t = useTranslations("sources.function");
  const router = useRouter();
  const [name, setName] = useState("");
  const [input, setInput] = useState("{}");
  const [audienceName, setAudienceName] = useState("");
  const callFunction = useAction(callCloudFunctionAction, {
    onSuccess: (data) => {
      if (data.jobId) router.push(`/audiences/from-mini-program/jobs/${data.jobId}`);
    },
  });
  const { fieldErrors, error: notice, failure } = callFunction;
  const pending = callFunction.pending || Boolean(callFunction.data?.jobId);
  const result: CallFunctionResult | null = callFunction.data ?? null;

  const call = (build: boolean) => callFunction.run({ name, input, audienceName, build });

  // What the function answered, also when the answer was not a segment (a malformed answer keeps its preview).
  const failedPreview = failure?.params?.preview;
  const preview = result ? result.preview : typeof failedPreview === "string" ? failedPreview : null;
  const sourceFailure = failure?.code.startsWith("sources.errors.") ? failure : null;
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        call(true);
      }}
      data-testid="function-form"
    >
      <div className="grid gap-4 md:grid-cols-2">
        <Field label={t("name")} htmlFor="function-name" hint={t("nameHint")} error={fieldErrors.name}>
          <Input id="function-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="exportUserSegment" aria-invalid={!!fieldErrors.name} />
        </Field>
        <Field label={t("audienceName")} htmlFor="function-audience-name" error={fieldErrors.audienceName}>
          <Input id="function-audience-name" value={audienceName} onChange={(e) => setAudienceName(e.target.value)} maxLength={200} aria-invalid={!!fieldErrors.audienceName} />
        </Field>
      </div>
      <Field label={t("input")} htmlFor="function-input" hint={t("inputHint")} error={fieldErrors.input}>
        <Textarea id="function-input" className="min-h-28 font-mono text-xs" value={input} onChange={(e) => setInput(e.target.value)} aria-invalid={!!fieldErrors.input} />
      </Field>
      {demoFunctions ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted-foreground">{t("demo")}</span>
          {demoFunctions.map((f) => (
            <Button
              key={f.name + f.input}
              title={f.input}
              variant="secondary"
              size="sm"
              onClick={() => {
                setName(f.name);
                setInput(f.input);
              }}
            >
              {f.name}
              <span className="text-muted-foreground">{t(`demoLabels.${f.label}`)}</span>
            </Button>
          ))}
        </div>
      ) : null}
      {sourceFailure ? <SourceErrorAlert error={sourceFailure} /> : notice ? <Alert tone="error">{notice}</Alert> : null}
      {result ? (
        <Alert tone="success" title={t(`found.${result.segment.kind}`, { count: result.segment.count })}>
          <span className="break-all font-mono text-xs" data-testid="function-sample">
            {result.segment.sample.join(", ")}
            {result.segment.count > result.segment.sample.length ? " …" : ""}
          </span>
        </Alert>
      ) : null}
      {preview !== null ? (
        <div>
          <p className="mb-1 text-sm font-medium">{t("response")}</p>
          <pre className="max-h-72 overflow-auto rounded-md border border-border bg-muted p-3 font-mono text-xs" data-testid="function-response">
            {preview}
          </pre>
          {result?.previewTruncated ? <p className="mt-1 text-xs text-muted-foreground">{t("truncated")}</p> : null}
        </div>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" disabled={pending || !name} onClick={() => call(false)} data-testid="function-preview">
          <Play className="h-4 w-4" aria-hidden />
          {pending ? t("calling") : t("preview")}
        </Button>
        <Button type="submit" disabled={pending || !name} data-testid="function-build">
          <UsersRound className="h-4 w-4" aria-hidden />
          {t("build")}
        </Button>
      </div>
    </form>
  );
}
