import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { ArrowLeft } from "lucide-react";
import { JobProgress } from "@/components/sources/job-progress";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { getSourceJob, listUnresolved, toJobView } from "@/lib/audiences/sources";
import { requirePageUser } from "@/lib/auth/page";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("sources"))("job.title") };
}

export default async function SourceJobPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("marketer");
  const { id } = await params;
  const job = await getSourceJob(db(), id);
  if (!job) notFound();
  const t = await getTranslations("sources");
  const format = await getFormatter();
  const unresolved = job.state === "running" || job.state === "queued" ? [] : await listUnresolved(db(), job.id, { limit: 100 });
  return (
    <>
      <PageHeader
        title={job.audienceName}
        description={t("job.description", {
          source: t(`recent.kind.${job.kind === "function" ? "function" : "cloudid"}`),
          label: job.label ?? t("job.pasted"),
          by: job.createdByEmail ?? "—",
          at: format.dateTime(job.createdAt, "moment"),
        })}
        actions={
          <LinkButton href="/audiences/from-mini-program" variant="secondary">
            <ArrowLeft className="h-4 w-4" aria-hidden />
            {t("job.back")}
          </LinkButton>
        }
      />
      <JobProgress initial={{ job: toJobView(job), unresolved }} />
    </>
  );
}
