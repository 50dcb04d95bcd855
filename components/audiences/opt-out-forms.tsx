"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { addOptOutsAction, removeOptOutAction } from "@/app/(app)/audiences/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useAction, useErrorText } from "@/components/use-action";
import { CSV_UPLOAD_MAX_BYTES, formatBytes, uploadCsv } from "./upload-csv";

type Notice = { tone: "success" | "error"; text: string } | null;

interface AddFigures {
  added: number;
  alreadyListed: number;
  invalid: number;
  rows?: number;
  invalidValues: string[];
}

/** Adding numbers by paste and importing a CSV file, each with its outcome in figures. */
export function OptOutForms() {
  const t = useTranslations("audiences");
  const router = useRouter();
  const errorText = useErrorText();
  const addOptOuts = useAction(addOptOutsAction, {
    onSuccess: (data) => {
      setNotice({ tone: "success", text: describe(data, "add.done") });
      setPhones("");
      router.refresh();
    },
  });
  const pending = addOptOuts.pending;
  const [uploading, setUploading] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [phones, setPhones] = useState("");
  const [reason, setReason] = useState("");
  const [file, setFile] = useState<File | null>(null);

  function describe(f: AddFigures, key: "add.done" | "import.done") {
    const text = t(`optOuts.${key}`, { added: f.added, already: f.alreadyListed, invalid: f.invalid, rows: f.rows ?? 0 });
    return f.invalidValues.length > 0 ? `${text}\n${t("optOuts.invalidList", { list: f.invalidValues.map((v) => v || "∅").join(", ") })}` : text;
  }

  function add() {
    if (!phones.trim()) return setNotice({ tone: "error", text: t("errors.phones") });
    setNotice(null);
    addOptOuts.run({ phones, reason });
  }

  async function importFile() {
    if (!file) return setNotice({ tone: "error", text: t("create.noFile") });
    if (file.size > CSV_UPLOAD_MAX_BYTES) return setNotice({ tone: "error", text: t("create.tooBig", { size: formatBytes(file.size) }) });
    setUploading(true);
    const url = `/api/audiences/opt-outs/upload?filename=${encodeURIComponent(file.name)}&reason=${encodeURIComponent(reason)}`;
    const result = await uploadCsv<AddFigures>(url, file, () => {});
    setUploading(false);
    if (!result.ok) return setNotice({ tone: "error", text: errorText(result.error) });
    setNotice({ tone: "success", text: describe(result.data, "import.done") });
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {notice ? (
        <Alert tone={notice.tone} className="whitespace-pre-line">
          {notice.text}
        </Alert>
      ) : null}
      {addOptOuts.error ? <Alert tone="error">{addOptOuts.error}</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t("optOuts.add.title")} description={t("optOuts.add.description")} />
          <CardBody className="space-y-4">
            <Field label={t("optOuts.add.phones")} htmlFor="optout-phones">
              <Textarea id="optout-phones" rows={4} className="font-mono" value={phones} onChange={(e) => setPhones(e.target.value)} />
            </Field>
            <Field label={t("optOuts.add.reason")} htmlFor="optout-reason">
              <Input id="optout-reason" maxLength={200} value={reason} placeholder={t("optOuts.add.reasonPlaceholder")} onChange={(e) => setReason(e.target.value)} />
            </Field>
            <Button onClick={add} disabled={pending}>
              {t("optOuts.add.submit")}
            </Button>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("optOuts.import.title")} description={t("optOuts.import.description")} />
          <CardBody className="space-y-4">
            <Field label={t("optOuts.import.file")} htmlFor="optout-file" hint={file ? t("create.fileChosen", { name: file.name, size: formatBytes(file.size) }) : undefined}>
              <Input id="optout-file" type="file" accept=".csv,.txt,text/csv,text/plain" className="py-1.5" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </Field>
            <Button onClick={importFile} disabled={uploading} variant="secondary">
              {uploading ? t("create.validating") : t("optOuts.import.submit")}
            </Button>
          </CardBody>
        </Card>
      </div>
    </div>
  );
}

export function RemoveOptOutButton({ phone }: { phone: string }) {
  const t = useTranslations("audiences");
  const router = useRouter();
  const remove = useAction(removeOptOutAction, { onSettled: () => router.refresh() });
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        disabled={remove.pending}
        onClick={() => {
          if (window.confirm(t("optOuts.list.removeConfirm", { phone }))) remove.run({ phone });
        }}
      >
        {t("optOuts.list.remove")}
      </Button>
      {remove.error ? (
        <p role="alert" className="text-xs text-destructive">
          {remove.error}
        </p>
      ) : null}
    </>
  );
}
