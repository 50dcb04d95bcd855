import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { loadAnalyticsPage } from "../load-page";
import { RealtimeDashboard } from "@/components/analytics/realtime-dashboard";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("analytics"))("realtime.title") };
}

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <RealtimeDashboard activities={await loadAnalyticsPage("realtime", searchParams)} />;
}
