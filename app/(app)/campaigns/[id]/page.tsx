import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { TaskView } from "@/components/campaigns/task-view";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requirePageUser } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { getTaskProgress } from "@/lib/campaigns/progress";
import { db } from "@/lib/db";
import { getSmsSettings } from "@/lib/settings/sms";


async function load(id: string) {
  return getTaskProgress(db(), id, (await getSmsSettings(db())).allowedHours);
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const generic = { title: (await getTranslations("campaigns"))("title") };
  // Metadata is rendered before the page's own check: a signed-out request must not learn the name.
  if (!(await getCurrentUser())) return generic;
  const progress = await load((await params).id);
  return progress?.name ? { title: progress.name } : generic;
}

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("analyst");
  const progress = await load((await params).id);
  if (!progress) notFound();
  return <TaskView initial={progress} canControl={hasRole(user.role, "marketer")} />;
}
