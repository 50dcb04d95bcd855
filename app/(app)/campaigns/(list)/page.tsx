import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AbTestList } from "@/components/abtests/ab-test-list";
import { CampaignList } from "@/components/campaigns/campaign-list";
import { listAbTests } from "@/lib/abtests/results";
import { requirePageUser } from "@/lib/auth/page";
import { listTasks } from "@/lib/campaigns/progress";
import { db } from "@/lib/db";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("campaigns"))("title") };
}

export default async function CampaignsPage() {
  const user = await requirePageUser("analyst");
  const [tasks, tests] = await Promise.all([listTasks(db()), listAbTests(db())]);
  return (
    <>
      <CampaignList user={user} tasks={tasks} />
      <AbTestList tests={tests} />
    </>
  );
}
