"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { deleteActivityAction, setActivityClosedAction } from "@/app/(app)/activities/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { useAction } from "@/components/use-action";

export function LifecyclePanel({ activityId, name, closed }: { activityId: string; name: string; closed: boolean }) {
  const t = useTranslations("activities.detail");
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const setClosed = useAction(setActivityClosedAction, {
    onSuccess: (data) => setNotice(data.closed ? t("closed") : t("reopened")),
    onSettled: () => router.refresh(),
  });
  const remove = useAction(deleteActivityAction, {
    onSuccess: () => {
      router.push("/activities");
      router.refresh();
    },
  });
  const pending = setClosed.pending || remove.pending || remove.succeeded;
  const error = setClosed.error ?? remove.error;

  return (
    <Card>
      <CardHeader title={t("lifecycle")} />
      <CardBody className="space-y-4">
        {error ? <Alert tone="error">{error}</Alert> : notice ? <Alert tone="success">{notice}</Alert> : null}
        <div className="space-y-2">
          <p className="text-sm text-muted-foreground">{t("closeHint")}</p>
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => {
              setNotice(null);
              remove.reset();
              setClosed.run({ id: activityId, closed: !closed });
            }}
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
              setNotice(null);
              setClosed.reset();
              remove.run({ id: activityId });
            }}
          >
            {t("delete")}
          </Button>
        </div>
      </CardBody>
    </Card>
  );
}
