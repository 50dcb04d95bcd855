"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import {
  cancelCampaign,
  markUncertainSent,
  pauseCampaign,
  resendFailed as resendFailedAction,
  resendUncertain,
  resumeCampaign,
} from "@/app/(app)/campaigns/actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress-bar";
import { STATUS_TONES } from "@/components/ui/status-tones";
import { fetchJson, useAction, useFailureText } from "@/components/use-action";
import type { ActionResult } from "@/lib/auth/action";
import type { TaskProgress } from "@/lib/campaigns/progress";
import { ResultsTable } from "./results-table";
import { SendFailure } from "./send-failure";


export function TaskView({ initial, canControl }: { initial: TaskProgress; canControl: boolean }) {
  const t = useTranslations("campaigns.task");
  const tc = useTranslations("campaigns");
  const format = useFormatter();
  const router = useRouter();
  const queryClient = useQueryClient();
  // One per visit of the page: a double click on "resend" makes one task.
  const [resendRequestId] = useState(() => crypto.randomUUID());
  const { data: p = initial, error: pollError } = useQuery({
    queryKey: ["campaign", initial.id],
    queryFn: () => fetchJson<TaskProgress>(`/api/campaigns/${initial.id}`),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.finishedAt && q.state.data.reportedAt ? false : 2000),
  });

  const n = (v: number) => format.number(v);
  const done = p.sent + p.failed + p.skipped + p.cancelled;
  const percent = p.total > 0 ? Math.floor((done / p.total) * 100) : 100;
  const when = (iso: string) => format.dateTime(new Date(iso), "moment");

  const pollFailure = useFailureText(pollError);
  // Every control button is one call of this; the page then re-reads the task whatever the outcome.
  const control = useAction((call: () => Promise<ActionResult<unknown>>) => call(), {
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ["campaign", p.id] });
      await queryClient.invalidateQueries({ queryKey: ["campaign-results", p.id] });
    },
  });
  const { pending, error } = control;
  const run = (call: () => Promise<ActionResult<unknown>>) => control.run(call);
  const resendFailed = useAction(resendFailedAction, { onSuccess: (d) => router.push(`/campaigns/${d.taskId}`) });

  const open = p.status === "running" || p.status === "paused";
  return (
    <>
      <PageHeader
        title={p.name || p.id}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONES.campaign[p.status]}>{tc(`status.${p.status}`)}</Badge>
            <span>{tc(`types.${p.smsType}`)}</span>
            <span>· {t("activity", { id: p.activityId })}</span>
            <span>· {t("createdAt", { at: when(p.createdAt) })}</span>
          </span>
        }
        actions={
          canControl ? (
            <>
              {p.status === "running" ? (
                <Button variant="secondary" disabled={pending} onClick={() => run(() => pauseCampaign({ taskId: p.id }))}>
                  {t("pause")}
                </Button>
              ) : null}
              {p.status === "paused" ? (
                <Button variant="secondary" disabled={pending} onClick={() => run(() => resumeCampaign({ taskId: p.id }))}>
                  {t("resume")}
                </Button>
              ) : null}
              {open ? (
                <Button
                  variant="destructive"
                  disabled={pending}
                  onClick={() => {
                    if (window.confirm(t("cancelConfirm"))) run(() => cancelCampaign({ taskId: p.id }));
                  }}
                >
                  {t("cancel")}
                </Button>
              ) : null}
              {p.failed > 0 && p.finishedAt ? (
                <Button variant="secondary" disabled={pending || resendFailed.pending || resendFailed.succeeded} onClick={() => resendFailed.run({ taskId: p.id, requestId: resendRequestId })}>
                  {t("resendFailed", { count: p.failed })}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      <div className="space-y-6">
        {error || resendFailed.error ? <Alert tone="error">{error ?? resendFailed.error}</Alert> : null}
        {pollFailure ? (
          <Alert tone="warning" title={t("pollFailed")}>
            <span data-testid="poll-error">{pollFailure}</span>
          </Alert>
        ) : null}
        {p.waitingFor ? (
          <Alert tone="info">{p.waitingFor === "allowedHours" ? t("waitingAllowedHours", { at: when(p.waitingUntil!) }) : t("waitingSendAt", { at: when(p.waitingUntil!) })}</Alert>
        ) : null}
        <Card>
          <CardHeader title={t("progress")} description={p.finishedAt ? t("finishedAt", { at: when(p.finishedAt) }) : undefined} />
          {/* Figures the poll could not refresh are greyed out under the alert that says why. */}
          <CardBody className={cn("space-y-4 transition-opacity", pollFailure && "opacity-50")} data-testid="campaign-figures" data-stale={pollFailure ? "true" : "false"}>
            <ProgressBar percent={percent} size="lg" label={t("progress")} data-testid="campaign-progress" />
            <div className="flex justify-between text-sm text-muted-foreground">
              <span data-testid="campaign-percent">{percent}%</span>
              <span>
                {p.ratePerMinute > 0 ? t("rate", { rate: n(p.ratePerMinute) }) : null}
                {p.secondsLeft !== null ? ` · ${t("timeLeft", { minutes: Math.max(1, Math.ceil(p.secondsLeft / 60)) })}` : null}
              </span>
            </div>
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
              {(
                [
                  ["total", p.total],
                  ["sent", p.sent],
                  ["failed", p.failed],
                  ["pending", p.pending],
                  ["uncertain", p.uncertain],
                  ["skipped", p.skipped + p.cancelled],
                ] as const
              ).map(([key, value]) => (
                <div key={key} className="rounded-md border border-border p-3" data-testid={`count-${key}`}>
                  <dt className="text-xs text-muted-foreground">{t(`counts.${key}`)}</dt>
                  <dd className={`text-xl font-semibold tabular-nums ${key === "uncertain" && value > 0 ? "text-warning" : ""}`}>{n(value)}</dd>
                </div>
              ))}
            </dl>
            {p.suppressedAtCreation > 0 ? <p className="text-xs text-muted-foreground">{t("suppressedAtCreation", { count: p.suppressedAtCreation })}</p> : null}
            {p.retrying > 0 ? <p className="text-xs text-muted-foreground">{t("retrying", { count: p.retrying })}</p> : null}
            {p.preparing > 0 ? (
              <p className="text-xs text-muted-foreground" data-testid="campaign-preparing">
                {t("preparing", { count: p.preparing })}
              </p>
            ) : null}
            {p.reportedAt ? (
              <p className="text-xs text-muted-foreground">{t("reported", { count: p.reportedCount ?? 0, at: when(p.reportedAt) })}</p>
            ) : p.reportErrorCode || p.reportError ? (
              <div className="text-xs text-warning" data-testid="report-failed">
                <p>{t("reportFailed")}</p>
                <SendFailure code={p.reportErrorCode} detail={p.reportError} />
              </div>
            ) : null}
          </CardBody>
        </Card>

        {p.uncertainBatches.length > 0 ? (
          <Card>
            <CardHeader title={t("uncertainTitle")} description={t("uncertainDescription")} />
            <CardBody>
              <ul className="divide-y divide-border">
                {p.uncertainBatches.map((b) => (
                  <li key={b.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="uncertain-batch">
                    <div className="text-sm">
                      <div className="font-medium">
                        {t("batch", { seq: b.seq + 1, count: b.numbers })} <span className="text-xs font-normal text-muted-foreground">· {when(b.since)}</span>
                      </div>
                      <div className="text-xs text-muted-foreground" data-testid="uncertain-batch-reason">
                        <SendFailure code={b.errorCode} detail={b.error} />
                      </div>
                    </div>
                    {canControl ? (
                      <div className="flex gap-2">
                        <Button size="sm" variant="secondary" disabled={pending || !open} onClick={() => {
                          if (window.confirm(t("resendConfirm"))) run(() => resendUncertain({ taskId: p.id, batchId: b.id }));
                        }}>
                          {t("resend")}
                        </Button>
                        <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => markUncertainSent({ taskId: p.id, batchId: b.id }))}>
                          {t("markSent")}
                        </Button>
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
        ) : null}

        {p.failedBatches.length > 0 ? (
          <Card data-testid="failed-batches">
            <CardHeader title={t("failedTitle")} description={t("failedDescription")} />
            <CardBody>
              <ul className="divide-y divide-border">
                {p.failedBatches.map((b) => (
                  <li key={`${b.errorCode}:${b.error}`} className="py-3 text-sm" data-testid="failed-batch">
                    <div className="font-medium">
                      {b.batches === 1 ? t("batch", { seq: b.firstSeq + 1, count: b.numbers }) : t("failedBatches", { batches: b.batches, seq: b.firstSeq + 1, count: b.numbers })}
                    </div>
                    <div className="text-xs text-muted-foreground" data-testid="failed-batch-reason">
                      <SendFailure code={b.errorCode} detail={b.error} />
                    </div>
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
        ) : null}

        <Card>
          <CardHeader title={t("message")} />
          <CardBody>
            <div className="rounded-lg bg-muted p-3 text-sm break-all">{p.previewText}</div>
          </CardBody>
        </Card>

        <ResultsTable taskId={p.id} version={done + p.uncertain} />
      </div>
    </>
  );
}
