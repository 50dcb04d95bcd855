"use client";

import { RefreshCw } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { syncNowAction } from "@/app/(app)/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { useAction } from "@/components/use-action";
import type { ActivitySyncStatus } from "@/lib/history/status";
import { WechatFailure } from "@/components/wechat-failure";

/** Settings → Data sync: each activity's last sync, its error, and "sync now". */
export function DataSyncPanel({ activities, pause, settings }: { activities: ActivitySyncStatus[]; pause: { pausedUntil: string; code: number; message: string } | null; settings: { syncMinutes: number; backfillDays: number; callsPerSecond: number } }) {
  const t = useTranslations("settings.dataSync");
  const format = useFormatter();
  const router = useRouter();
  const [running, setRunning] = useState<string | null>(null);
  const sync = useAction(syncNowAction, {
    onSettled: () => {
      setRunning(null);
      router.refresh();
    },
  });
  const pending = sync.pending;
  const at = (iso: string | null) => (iso ? format.dateTime(new Date(iso), "compact") : "—");

  const syncNow = (activityId?: string) => {
    setRunning(activityId ?? "*");
    sync.run(activityId ? { activityId } : {});
  };

  return (
    <div className="space-y-4" data-testid="data-sync">
      <p className="text-sm text-muted-foreground">{t("explain", settings)}</p>
      {pause ? (
        <Alert tone="warning" title={t("pausedTitle", { until: at(pause.pausedUntil) })}>
          <span className="block" data-testid="data-sync-paused">
            <span className="text-foreground">
              <WechatFailure code={pause.code} detail={pause.message} testId="data-sync-paused-reason" />
            </span>
            <span className="mt-1 block">{t("pausedText")}</span>
          </span>
        </Alert>
      ) : null}
      {sync.error ? <Alert tone="error">{sync.error}</Alert> : null}
      <Button variant="secondary" size="sm" onClick={() => syncNow()} disabled={pending}>
        <RefreshCw className={`h-3.5 w-3.5 ${running === "*" ? "animate-spin" : ""}`} aria-hidden />
        {t("syncDue")}
      </Button>
      <Table>
        <thead>
          <tr>
            <Th>{t("columns.activity")}</Th>
            <Th>{t("columns.lastSync")}</Th>
            <Th className="text-right">{t("columns.days")}</Th>
            <Th>{t("columns.error")}</Th>
            <Th />
          </tr>
        </thead>
        <tbody>
          {activities.map((a) => (
            <tr key={a.activityId} data-sync-activity={a.activityId} data-days={a.days} data-error={a.lastErrorCode ?? ""}>
              <Td className="min-w-40">
                <div className="font-medium">{a.name}</div>
                <div className="font-mono text-xs text-muted-foreground">{a.activityId}</div>
              </Td>
              <Td className="whitespace-nowrap text-sm">
                {a.running ? t("running") : at(a.lastFinishedAt)}
                {a.lastSuccessAt && a.lastSuccessAt !== a.lastFinishedAt ? <div className="text-xs text-muted-foreground">{t("lastSuccess", { at: at(a.lastSuccessAt) })}</div> : null}
              </Td>
              <Td className="whitespace-nowrap text-right text-sm tabular-nums">{t("daysValue", { days: a.days, final: a.finalDays })}</Td>
              <Td className="min-w-56 max-w-64 text-sm">
                {a.lastErrorCode !== null ? (
                  <span className="text-destructive">
                    <WechatFailure code={a.lastErrorCode} detail={a.lastError} testId="sync-error" />
                    {a.retryAfter ? <span className="block text-xs text-muted-foreground">{t("retryAfter", { at: at(a.retryAfter) })}</span> : null}
                  </span>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </Td>
              <Td className="text-right">
                <Button variant="ghost" size="sm" onClick={() => syncNow(a.activityId)} disabled={pending} data-testid="sync-now">
                  <RefreshCw className={`h-3.5 w-3.5 ${running === a.activityId ? "animate-spin" : ""}`} aria-hidden />
                  {t("syncNow")}
                </Button>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

