import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ComposeForm } from "@/components/campaigns/compose-form";
import { PageHeader } from "@/components/ui/page-header";
import { listActivities } from "@/lib/activities";
import { listAudiences } from "@/lib/audiences";
import { requirePageUser } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { nextAllowedTime } from "@/lib/campaigns/allowed-hours";
import { db } from "@/lib/db";
import { getSmsSettings } from "@/lib/settings/sms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("campaigns"))("compose.title") };
}

export default async function NewCampaignPage({ searchParams }: { searchParams: Promise<{ activity?: string; audience?: string }> }) {
  const user = await requirePageUser("marketer");
  const t = await getTranslations("campaigns");
  const q = await searchParams;
  const [activities, audiences, settings] = await Promise.all([listActivities(db()), listAudiences(db(), { limit: 500 }), getSmsSettings(db())]);
  const now = new Date();
  const opensAt = nextAllowedTime(now, settings.allowedHours);
  return (
    <>
      <PageHeader title={t("compose.title")} description={t("compose.description")} />
      <ComposeForm
        activities={activities.map((a) => ({ id: a.id, name: a.name, state: a.state }))}
        audiences={audiences.map((a) => ({ id: a.id, name: a.name, members: a.memberCount }))}
        settings={settings}
        marketingHeldUntil={opensAt.getTime() === now.getTime() ? null : opensAt.toISOString()}
        initialActivityId={q.activity}
        initialAudienceId={q.audience}
        canOverrideHours={hasRole(user.role, "admin")}
      />
    </>
  );
}
