import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { STATUS_TONES } from "@/components/ui/status-tones";
import { Table, Td, Th } from "@/components/ui/table";
import type { listSourceJobs } from "@/lib/audiences/sources";


export async function RecentJobs({ jobs }: { jobs: Awaited<ReturnType<typeof listSourceJobs>> }) {
  const t = await getTranslations("sources");
  const format = await getFormatter();
  return (
    <Card>
      <CardHeader title={t("recent.title")} description={t("recent.description")} />
      {jobs.length === 0 ? (
        <EmptyState title={t("recent.empty")} />
      ) : (
        <Table data-testid="recent-jobs">
          <thead>
            <tr>
              <Th>{t("recent.audience")}</Th>
              <Th>{t("recent.source")}</Th>
              <Th>{t("recent.state")}</Th>
              <Th className="text-right">{t("recent.figures")}</Th>
              <Th>{t("recent.by")}</Th>
              <Th>{t("recent.at")}</Th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <Td className="font-medium">
                  <Link className="text-primary hover:underline" href={`/audiences/from-mini-program/jobs/${job.id}`}>
                    {job.audienceName}
                  </Link>
                </Td>
                <Td className="text-muted-foreground">
                  {t(`recent.kind.${job.kind === "function" ? "function" : "cloudid"}`)}
                  {job.label ? <span className="ml-1 font-mono text-xs">{job.label}</span> : null}
                </Td>
                <Td>
                  <Badge tone={STATUS_TONES.sourceJob[job.state]}>{t(`job.state.${job.state}`)}</Badge>
                </Td>
                <Td className="text-right tabular-nums">
                  {job.kind === "cloudid" || job.unresolved > 0
                    ? t("recent.resolvedOf", { resolved: job.resolved, total: job.total })
                    : t("recent.numbers", { total: job.total })}
                </Td>
                <Td className="text-muted-foreground">{job.createdByEmail ?? "—"}</Td>
                <Td className="whitespace-nowrap text-muted-foreground">{format.dateTime(job.createdAt, "moment")}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
