import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActivityList } from "@/components/activities/activity-list";
import { requirePageUser } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { listActivities } from "@/lib/activities";
import { db } from "@/lib/db";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activities"))("title") };
}

export default async function ActivitiesPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const user = await requirePageUser("analyst");
  const q = ((await searchParams).q ?? "").slice(0, 100);
  const activities = await listActivities(db(), { search: q });
  return <ActivityList activities={activities} search={q} canEdit={hasRole(user.role, "marketer")} />;
}
