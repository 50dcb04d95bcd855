"use client";

import { Check, Copy, Download, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { addChannelAction, removeChannelAction } from "@/app/(app)/activities/actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

interface ChannelRow {
  id: string;
  name: string;
  builtIn: boolean;
  link: string;
}

export function ChannelsPanel({ activityId, channels, canEdit }: { activityId: string; channels: ChannelRow[]; canEdit: boolean }) {
  const t = useTranslations("activities.channels");
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const addChannel = useAction(addChannelAction, {
    onSuccess: (data) => {
      setNotice(t("added", { id: data.id }));
      router.refresh();
    },
  });
  const removeChannel = useAction((channelId: string) => removeChannelAction({ activityId, channelId }), {
    onSuccess: (_data, channelId) => setNotice(t("removed", { id: channelId })),
    onSettled: () => router.refresh(),
  });
  const pending = addChannel.pending || removeChannel.pending;
  const errors = addChannel.fieldErrors;
  const error = addChannel.error ?? removeChannel.error;
  const [copied, setCopied] = useState<string | null>(null);

  function add(form: FormData) {
    const id = String(form.get("id") ?? "").trim();
    const name = String(form.get("name") ?? "").trim();
    setNotice(null);
    removeChannel.reset();
    addChannel.run({ activityId, id, name });
  }

  function remove(id: string) {
    if (!window.confirm(t("removeConfirm", { id }))) return;
    setNotice(null);
    addChannel.reset();
    removeChannel.run(id);
  }

  async function copy(link: string, id: string) {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(id);
      setTimeout(() => setCopied(null), 1500);
    } catch {
      // Without clipboard permission the link stays selectable on the page.
    }
  }

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        {error ? <Alert tone="error">{error}</Alert> : notice ? <Alert tone="success">{notice}</Alert> : null}
        <ul className="divide-y divide-border" data-testid="channels">
          {channels.map((c) => {
            const qr = `/activities/${encodeURIComponent(activityId)}/qr?channel=${encodeURIComponent(c.id)}`;
            return (
              <li key={c.id} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-start" data-channel-id={c.id}>
                {/* eslint-disable-next-line @next/next/no-img-element -- a small generated PNG behind sign-in */}
                <img src={qr} alt={`${t("qr")} ${c.id}`} width={96} height={96} className="h-24 w-24 shrink-0 rounded border border-border bg-white" />
                <div className="min-w-0 flex-1 space-y-1.5">
                  <p className="flex flex-wrap items-center gap-2 font-medium">
                    {c.builtIn ? t("sms") : c.name}
                    <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{c.id}</code>
                    {c.builtIn ? <Badge>{t("builtIn")}</Badge> : null}
                  </p>
                  <a href={c.link} target="_blank" rel="noreferrer" className="block break-all text-sm text-primary hover:underline" data-testid="channel-link">
                    {c.link}
                  </a>
                  <div className="flex flex-wrap gap-2 pt-1">
                    <Button variant="secondary" size="sm" onClick={() => copy(c.link, c.id)}>
                      {copied === c.id ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
                      {copied === c.id ? t("copied") : t("copy")}
                    </Button>
                    <a href={`${qr}&download=1`} download className="inline-flex h-8 items-center gap-2 rounded-md border border-border bg-card px-3 text-sm hover:bg-muted">
                      <Download className="h-4 w-4" aria-hidden />
                      {t("downloadQr")}
                    </a>
                    {canEdit && !c.builtIn ? (
                      <Button variant="ghost" size="sm" disabled={pending} onClick={() => remove(c.id)} className="text-destructive">
                        <Trash2 className="h-4 w-4" aria-hidden />
                        {t("remove")}
                      </Button>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
        {canEdit ? (
          <form action={add} className="grid gap-3 border-t border-border pt-4 sm:grid-cols-[1fr_1fr_auto]">
            <Field label={t("id")} htmlFor="channel-id" hint={t("idHint")} error={errors.id}>
              <Input id="channel-id" name="id" required maxLength={10} pattern="[A-Za-z0-9]{1,10}" aria-invalid={!!errors.id} />
            </Field>
            <Field label={t("name")} htmlFor="channel-name" error={errors.name}>
              <Input id="channel-name" name="name" required maxLength={40} aria-invalid={!!errors.name} />
            </Field>
            <div className="flex items-start sm:pt-6">
              <Button type="submit" disabled={pending} className="w-full">
                <Plus className="h-4 w-4" aria-hidden />
                {t("add")}
              </Button>
            </div>
          </form>
        ) : null}
      </CardBody>
    </Card>
  );
}
