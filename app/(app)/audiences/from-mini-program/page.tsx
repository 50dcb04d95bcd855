import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ArrowLeft } from "lucide-react";
import { CloudFunctionForm, type DemoFunction } from "@/components/sources/cloud-function-form";
import { CloudIdForm } from "@/components/sources/cloud-id-form";
import { LinkButton } from "@/components/ui/link-button";
import { RecentJobs } from "@/components/sources/recent-jobs";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDemoCloudIds, listSourceJobs } from "@/lib/audiences/sources";
import { requirePageUser } from "@/lib/auth/page";
import { config } from "@/lib/config";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("sources"))("title") };
}

/** In emulator mode the forms offer the demo mini program's cloudIDs and functions to try. */
const DEMO_FUNCTIONS: DemoFunction[] = [
  { name: "exportUserSegment", label: "phones", input: '{"segment": "even", "limit": 200}' },
  { name: "exportUserSegment", label: "cloudids", input: '{"format": "cloudid", "segment": "odd", "limit": 50}' },
  { name: "slowExport", label: "slow", input: '{"seconds": 8}' },
  { name: "echo", label: "malformed", input: '{"users": 3}' },
];

export default async function FromMiniProgramPage() {
  await requirePageUser("marketer");
  const t = await getTranslations("sources");
  const emulator = config().wechat.mode === "emulator";
  const [jobs, demoCloudIds] = await Promise.all([listSourceJobs(db(), { limit: 20 }), emulator ? getDemoCloudIds(db()) : null]);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <LinkButton href="/audiences" variant="secondary">
            <ArrowLeft className="h-4 w-4" aria-hidden />
            {t("back")}
          </LinkButton>
        }
      />
      <div className="space-y-6">
        <div className="grid gap-6 xl:grid-cols-2">
          <Card>
            <CardHeader title={t("cloudids.title")} description={t("cloudids.description")} />
            <CardBody>
              <CloudIdForm demoIds={demoCloudIds} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t("function.title")} description={t("function.description")} />
            <CardBody>
              <CloudFunctionForm demoFunctions={emulator ? DEMO_FUNCTIONS : null} />
            </CardBody>
          </Card>
        </div>
        <RecentJobs jobs={jobs} />
      </div>
    </>
  );
}
