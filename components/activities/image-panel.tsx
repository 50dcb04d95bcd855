"use client";

import { ImageOff, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import { removeImageAction } from "@/app/(app)/activities/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { fetchJson, useAction, useFailureText } from "@/components/use-action";

const MAX_BYTES = 2 * 1024 * 1024;

export function ImagePanel({ activityId, imageSrc, canEdit }: { activityId: string; imageSrc: string | null; canEdit: boolean }) {
  const t = useTranslations("activities");
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [pending, start] = useTransition();
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [uploadFailure, setUploadFailure] = useState<unknown>(null);
  const uploadError = useFailureText(uploadFailure);
  const removeImage = useAction(removeImageAction, {
    onSuccess: () => setNotice({ tone: "success", text: t("image.removed") }),
    onSettled: () => router.refresh(),
  });
  const error = uploadError ?? removeImage.error;

  function upload(file: File) {
    // Checked again on the server, by content; this only saves a pointless upload.
    if (file.size > MAX_BYTES) {
      setNotice({ tone: "error", text: t("errors.imageTooLarge") });
      return;
    }
    setNotice(null);
    setUploadFailure(null);
    removeImage.reset();
    start(async () => {
      try {
        await fetchJson(`/activities/${encodeURIComponent(activityId)}/image`, { method: "POST", body: file, headers: { "content-type": "application/octet-stream" } });
        setNotice({ tone: "success", text: t("image.uploaded") });
        router.refresh();
      } catch (e) {
        setUploadFailure(e);
      }
      if (input.current) input.current.value = "";
    });
  }

  function remove() {
    setNotice(null);
    setUploadFailure(null);
    removeImage.run({ activityId });
  }

  return (
    <Card>
      <CardHeader title={t("fields.image")} description={t("image.hint")} />
      <CardBody className="space-y-3">
        {error ? <Alert tone="error">{error}</Alert> : notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
        {imageSrc ? (
          // eslint-disable-next-line @next/next/no-img-element -- served by the app from PostgreSQL
          <img src={imageSrc} alt={t("image.alt")} className="max-h-56 w-full rounded border border-border object-contain" data-testid="landing-image" />
        ) : (
          <div className="flex h-28 items-center justify-center gap-2 rounded border border-dashed border-border text-sm text-muted-foreground">
            <ImageOff className="h-4 w-4" aria-hidden />
            {t("image.none")}
          </div>
        )}
        {canEdit ? (
          <div className="flex flex-wrap gap-2">
            <input
              ref={input}
              id="image-file"
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp"
              className="sr-only"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) upload(file);
              }}
            />
            <Button variant="secondary" size="sm" disabled={pending} onClick={() => input.current?.click()}>
              <Upload className="h-4 w-4" aria-hidden />
              {pending ? t("image.uploading") : t("image.upload")}
            </Button>
            {imageSrc ? (
              <Button variant="ghost" size="sm" disabled={pending} onClick={remove}>
                {t("image.remove")}
              </Button>
            ) : null}
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
