"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { deleteActivityAction, setActivityClosedAction } from "@/app/(app)/activities/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

export function LifecyclePanel({ activityId, name, closed }: { activityId: string; name: string; closed: boolean }) {
  const t = useTranslations("activities.detail");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  return (
    <Card>
      <CardHeader title={t("lifecycle")} />
      <CardBody className="space-y-4">
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
        <div className="space-y-2">
          <p className="text-sm text-muted-foreground">{t("closeHint")}</p>
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const r = await setActivityClosedAction({ id: activityId, closed: !closed });
                setNotice(r.ok ? { tone: "success", text: closed ? t("reopened") : t("closed") } : { tone: "error", text: r.error });
                router.refresh();
              })
            }
          >
            {closed ? t("reopen") : t("close")}
          </Button>
        </div>
        <div className="space-y-2 border-t border-border pt-4">
          <p className="text-sm text-muted-foreground">{t("deleteHint")}</p>
          <Button
            variant="destructive"
            disabled={pending}
            onClick={() => {
              if (!window.confirm(t("deleteConfirm", { name }))) return;
              start(async () => {
                const r = await deleteActivityAction({ id: activityId });
                if (r.ok) {
                  router.push("/activities");
                  router.refresh();
                } else setNotice({ tone: "error", text: r.error });
              });
            }}
          >
            {t("delete")}
          </Button>
        </div>
      </CardBody>
    </Card>
  );
}
