"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ProgressBar } from "@/components/ui/progress-bar";
import { STATUS_TONES } from "@/components/ui/status-tones";
import { Table, Td, Th } from "@/components/ui/table";
import { fetchJson, useAction, useFailureText } from "@/components/use-action";
import type { SourceJobView } from "@/lib/audiences/sources/view";
import { LinkButton } from "@/components/ui/link-button";
import { Button } from "@/components/ui/button";
import { cancelSourceJobAction } from "@/app/(app)/audiences/from-mini-program/actions";
import { SourceErrorAlert } from "./source-error";

export interface UnresolvedRow {
  seq: number;
  cloudId: string;
  reason: string;
  detail: string;
}

interface JobState {
  job: SourceJobView;
  unresolved: UnresolvedRow[];
}


const unfinished = (state: SourceJobView["state"]) => state === "queued" || state === "running";

function Figure({ label, value, testId }: { label: string; value: number; testId?: string }) {
  const format = useFormatter();
  return (
    <div className="rounded-md border border-border px-4 py-3">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className="mt-1 text-xl font-semibold tabular-nums" data-testid={testId}>
        {format.number(value)}
      </p>
    </div>
  );
}

/** The job's progress, polled every second while it runs; the report and the unresolved cloudIDs once it ends. */
export function JobProgress({ initial }: { initial: JobState }) {
  const t = useTranslations("sources.job");
  const { data, error } = useQuery({
    queryKey: ["audience-source-job", initial.job.id],
    queryFn: () => fetchJson<JobState>(`/api/audience-sources/jobs/${initial.job.id}`),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && unfinished(q.state.data.job.state) ? 1000 : false),
  });
  const queryClient = useQueryClient();
  const cancel = useAction(cancelSourceJobAction, {
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["audience-source-job", initial.job.id] }),
  });
  const pollFailure = useFailureText(error);
  const { job, unresolved } = data;
  const percent = job.total > 0 ? Math.round((job.processed / job.total) * 100) : job.state === "done" ? 100 : 0;
  const shownPercent = job.state === "done" ? 100 : percent;
  const cloudIds = job.resolvesCloudIds;

  return (
    <div className="space-y-6" data-testid="job" data-state={job.state}>
      <Card>
        <CardHeader
          title={t("progress")}
          description={t(`phase.${job.state === "running" ? job.phase : job.state}`)}
          actions={
            <div className="flex items-center gap-2">
              <Badge tone={STATUS_TONES.sourceJob[job.state]}>{t(`state.${job.state}`)}</Badge>
              {unfinished(job.state) ? (
                <Button variant="secondary" size="sm" onClick={() => cancel.run({ jobId: initial.job.id })} disabled={cancel.pending} data-testid="job-cancel">
                  {cancel.pending ? t("cancelling") : t("cancel")}
                </Button>
              ) : null}
            </div>
          }
        />
        <CardBody className="space-y-4">
          {/* Figures the poll could not refresh are greyed out under the alert that says why. */}
          <div className={cn("space-y-4 transition-opacity", pollFailure && "opacity-50")} data-testid="job-figures" data-stale={pollFailure ? "true" : "false"}>
            <div>
              <div className="mb-1 flex justify-between text-sm">
                <span>{cloudIds ? t("processedIds", { processed: job.processed, total: job.total }) : t("processedPhones", { total: job.total })}</span>
                <span className="tabular-nums" data-testid="job-percent">
                  {shownPercent}%
                </span>
              </div>
              <ProgressBar percent={shownPercent} label={t("progress")} tone={job.state === "failed" ? "destructive" : job.state === "cancelled" ? "warning" : "primary"} />
            </div>
            {cloudIds ? (
              <div className="grid gap-3 sm:grid-cols-3">
                <Figure label={t("resolved")} value={job.resolved} testId="job-resolved" />
                <Figure label={t("unresolved")} value={job.unresolved} testId="job-unresolved" />
                <Figure label={t("duplicateIds")} value={job.duplicateIds} />
              </div>
            ) : null}
          </div>
          {pollFailure ? (
            <Alert tone="warning" title={t("pollFailed")}>
              <span data-testid="poll-error">{pollFailure}</span>
            </Alert>
          ) : null}
          {cancel.data && !cancel.data.cancelled ? <Alert tone="warning">{t("cancelFailed")}</Alert> : null}
          {cancel.error ? <Alert tone="error">{cancel.error}</Alert> : null}
          {job.error ? <SourceErrorAlert error={job.error} /> : null}
        </CardBody>
      </Card>

      {job.report ? (
        <Card>
          <CardHeader
            title={t("report.title")}
            description={t("report.description")}
            actions={
              job.audienceId ? (
                <LinkButton variant="primary" href={`/audiences/${job.audienceId}`} data-testid="job-audience-link">
                  {t("report.open")}
                </LinkButton>
              ) : null
            }
          />
          <CardBody className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
            <Figure label={t("report.rows")} value={job.report.rows} />
            <Figure label={t("report.valid")} value={job.report.valid} />
            <Figure label={t("report.invalid")} value={job.report.invalid} />
            <Figure label={t("report.duplicates")} value={job.report.duplicates} />
            <Figure label={t("report.optedOut")} value={job.report.optedOut} />
            <Figure label={t("report.members")} value={job.report.members} testId="job-members" />
          </CardBody>
        </Card>
      ) : null}

      {job.functionPreview ? (
        <Card>
          <CardHeader title={t("function.title", { name: job.label ?? "" })} description={t("function.input", { input: job.functionInput ?? "{}" })} />
          <CardBody>
            <pre className="max-h-72 overflow-auto rounded-md border border-border bg-muted p-3 font-mono text-xs">{job.functionPreview}</pre>
          </CardBody>
        </Card>
      ) : null}

      {!unfinished(job.state) && job.unresolved > 0 ? (
        <Card>
          <CardHeader
            title={t("unresolvedList.title", { count: job.unresolved })}
            description={t("unresolvedList.description", { shown: unresolved.length })}
            actions={
              <a
                href={`/api/audience-sources/jobs/${job.id}/unresolved`}
                className="inline-flex h-9 items-center gap-2 rounded-md border border-border bg-card px-4 text-sm font-medium hover:bg-muted"
                data-testid="unresolved-download"
              >
                <Download className="h-4 w-4" aria-hidden />
                {t("unresolvedList.download")}
              </a>
            }
          />
          <Table data-testid="unresolved-table">
            <thead>
              <tr>
                <Th>#</Th>
                <Th>{t("unresolvedList.cloudId")}</Th>
                <Th>{t("unresolvedList.reason")}</Th>
                <Th>{t("unresolvedList.detail")}</Th>
              </tr>
            </thead>
            <tbody>
              {unresolved.map((row) => (
                <tr key={row.seq}>
                  <Td className="tabular-nums text-muted-foreground">{row.seq}</Td>
                  <Td className="max-w-xs break-all font-mono text-xs">{row.cloudId}</Td>
                  <Td>{t.has(`reasons.${row.reason}`) ? t(`reasons.${row.reason}`) : row.reason}</Td>
                  <Td className="break-all font-mono text-xs text-muted-foreground">{row.detail || "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
    </div>
  );
}
