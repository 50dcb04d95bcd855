import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CompareDashboard } from "@/components/analytics/compare-dashboard";
import { requirePageUser } from "@/lib/auth/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("analytics"))("compare.title") };
}

export default async function Page() {
  await requirePageUser("analyst");
  return <CompareDashboard />;
}
