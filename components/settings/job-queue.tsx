"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { cancelQueuedJobAction, queueOverviewAction, retryQueuedJobAction } from "@/app/(app)/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { callAction, useFailureText } from "@/components/use-action";
import type { QueuedJob, QueuedJobState } from "@/lib/jobs/admin";
import { WechatFailure } from "@/components/wechat-failure";

const SECTIONS: QueuedJobState[] = ["waiting", "running", "failed"];

/** Settings → job queue: waiting, running and recently failed jobs, refreshed every 5 seconds; cancel and retry. */
export function JobQueue() {
  const t = useTranslations("settings.queue");
  const format = useFormatter();
  const queryClient = useQueryClient();
  const overview = useQuery({
    queryKey: ["job-queue"],
    queryFn: () => callAction(queueOverviewAction, {}),
    refetchInterval: 5000,
  });
  const act = useMutation({
    mutationFn: ({ job, action }: { job: QueuedJob; action: "cancel" | "retry" }) =>
      callAction(action === "cancel" ? cancelQueuedJobAction : retryQueuedJobAction, { name: job.name, id: job.id }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["job-queue"] }),
  });
  const overviewError = useFailureText(overview.error);
  const actError = useFailureText(act.error);
  const kindName = (name: string) => (t.has(`kinds.${name}`) ? t(`kinds.${name}`) : name);

  if (overviewError) return <Alert tone="error">{overviewError}</Alert>;
  if (!overview.data) return <p className="text-sm text-muted-foreground">{t("loading")}</p>;
  return (
    <div className="space-y-6" data-testid="job-queue">
      {overview.data.workers.length === 0 ? (
        <Alert tone="warning">{t("noWorkers")}</Alert>
      ) : (
        <p className="text-sm text-muted-foreground" data-testid="job-queue-workers" data-count={overview.data.workers.length}>
          {t("workers", { count: overview.data.workers.length })}{" "}
          <span className="break-all font-mono text-xs">{overview.data.workers.map((w) => w.name).join(", ")}</span>
        </p>
      )}
      {actError ? <Alert tone="error">{actError}</Alert> : null}
      {act.data && !act.data.changed ? <Alert tone="warning">{t("unchanged")}</Alert> : null}
      {SECTIONS.map((section) => {
        const jobs = overview.data[section];
        return (
          <section key={section} data-testid={`job-queue-${section}`} data-count={jobs.length}>
            <h3 className="mb-2 text-sm font-medium">
              {t(`sections.${section}`)} <span className="tabular-nums text-muted-foreground">({jobs.length})</span>
            </h3>
            {jobs.length === 0 ? (
              <EmptyState title={t(`empty.${section}`)} />
            ) : (
              <Table>
                <thead>
                  <tr>
                    <Th>{t("columns.kind")}</Th>
                    <Th className="hidden md:table-cell">{t(`columns.at.${section}`)}</Th>
                    <Th className="whitespace-nowrap">{t("columns.attempts")}</Th>
                    <Th className={section === "failed" ? "hidden sm:table-cell" : "hidden md:table-cell"}>{section === "failed" ? t("columns.error") : t("columns.key")}</Th>
                    <Th className="text-right">{t("columns.actions")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {jobs.map((job) => (
                    <tr key={job.id} data-testid="job-queue-row" data-job-id={job.id}>
                      <Td>
                        <div className="font-medium">{kindName(job.name)}</div>
                        <div className="font-mono text-xs text-muted-foreground">{job.id.slice(0, 8)}</div>
                        {/* On a phone the time (and a failed job's error) go under the kind, in place of their columns. */}
                        <div className="text-xs text-muted-foreground md:hidden">
                          {t(`columns.at.${section}`)} {format.dateTime(job.at, "moment")}
                        </div>
                        {section === "failed" ? <div className="mt-1 break-words text-xs sm:hidden"><FailedJobError job={job} /></div> : null}
                      </Td>
                      <Td className="hidden whitespace-nowrap text-muted-foreground md:table-cell">{format.dateTime(job.at, "precise")}</Td>
                      <Td className="whitespace-nowrap tabular-nums">{t("attempts", { done: job.retryCount + (section === "waiting" ? 0 : 1), limit: job.retryLimit + 1 })}</Td>
                      <Td className={section === "failed" ? "hidden max-w-md break-words text-xs sm:table-cell" : "hidden max-w-md break-words text-xs md:table-cell"}>
                        {section === "failed" ? <span data-testid="job-queue-error"><FailedJobError job={job} /></span> : <span className="font-mono">{job.singletonKey ?? "—"}</span>}
                      </Td>
                      <Td className="text-right">
                        {section === "failed" ? (
                          <Button size="sm" variant="secondary" disabled={act.isPending} onClick={() => act.mutate({ job, action: "retry" })}>
                            {t("retry")}
                          </Button>
                        ) : (
                          <Button size="sm" variant="secondary" disabled={act.isPending} onClick={() => act.mutate({ job, action: "cancel" })}>
                            {t("cancel")}
                          </Button>
                        )}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** A failed job's last error: WeChat's failure as its sentence in the reader's language over the stored detail. */
function FailedJobError({ job }: { job: QueuedJob }) {
  if (job.errorCode === null) return <>{job.error ?? "—"}</>;
  return <WechatFailure code={job.errorCode} detail={job.error} />;
}
