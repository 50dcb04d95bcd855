import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { loadAnalyticsPage } from "../load-page";
import { OverviewDashboard } from "@/components/analytics/overview-dashboard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("analytics"))("overview.title") };
}

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <OverviewDashboard activities={await loadAnalyticsPage("overview", searchParams)} />;
}
