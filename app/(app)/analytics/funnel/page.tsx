import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { loadAnalyticsPage } from "../load-page";
import { FunnelDashboard } from "@/components/analytics/funnel-dashboard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("analytics"))("funnel.title") };
}

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <FunnelDashboard activities={await loadAnalyticsPage("funnel", searchParams)} />;
}
