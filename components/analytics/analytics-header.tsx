"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";
import type { ActivityOption } from "@/lib/analytics/schemas";
import { ActivityPicker } from "./filters";
import type { useAnalyticsParams } from "./use-analytics-params";

/** Title, the activity picker and the page's own filters, the same on every analytics page. */
export function AnalyticsHeader({
  page,
  activities,
  params,
  children,
  status,
}: {
  page: "overview" | "funnel" | "realtime";
  activities: ActivityOption[];
  params: ReturnType<typeof useAnalyticsParams>;
  children?: ReactNode;
  status?: ReactNode;
}) {
  const t = useTranslations("analytics");
  return (
    <>
      <PageHeader title={t(`${page}.title`)} description={t(`${page}.description`)} actions={status} />
      <div className="mb-6 flex flex-col gap-3 rounded-lg border border-border bg-card/60 p-3 lg:flex-row lg:flex-wrap lg:items-start">
        <ActivityPicker activities={activities} value={params.activityId} onChange={(id) => params.update({ activity: id })} />
        <div className="flex min-w-0 flex-1 flex-wrap items-start gap-3">{children}</div>
      </div>
    </>
  );
}

export function NoActivity() {
  const t = useTranslations("analytics.states");
  return (
    <div className="rounded-lg border border-dashed border-border bg-card px-6 py-14 text-center" data-testid="no-activity">
      <p className="text-base font-medium">{t("noActivityTitle")}</p>
      <p className="mx-auto mt-1 max-w-md text-sm text-muted-foreground">{t("noActivityText")}</p>
    </div>
  );
}
