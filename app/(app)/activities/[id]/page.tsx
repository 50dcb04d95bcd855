import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActivityForm } from "@/components/activities/activity-form";
import { ChannelsPanel } from "@/components/activities/channels-panel";
import { ImagePanel } from "@/components/activities/image-panel";
import { LifecyclePanel } from "@/components/activities/lifecycle-panel";
import { SendTaskCosts } from "@/components/activities/send-task-costs";
import { StateBadge } from "@/components/activities/state-badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { activityState, getActivity, imagePath, landingUrl, listChannels, smsPath } from "@/lib/activities";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requirePageUser } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { getTaskCosts } from "@/lib/history/cost";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const generic = { title: (await getTranslations("activities"))("title") };
  // Metadata is rendered before the page's own check: a signed-out request must not learn the name.
  if (!(await getCurrentUser())) return generic;
  const activity = await getActivity(db(), (await params).id);
  return activity ? { title: activity.name } : generic;
}

export default async function ActivityPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("analyst");
  const { id } = await params;
  const activity = await getActivity(db(), id);
  if (!activity) notFound();
  const t = await getTranslations("activities");
  const canEdit = hasRole(user.role, "marketer");
  const [channels, tasks] = await Promise.all([listChannels(db(), activity.id), getTaskCosts(db(), { activityIds: [activity.id] })]);
  const state = activityState(activity);
  return (
    <>
      <Link href="/activities" className="text-sm text-muted-foreground hover:underline">
        ← {t("detail.back")}
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {activity.name}
            <StateBadge state={state} />
          </span>
        }
        description={<span className="font-mono text-xs">{activity.id}</span>}
        actions={
          <a href={landingUrl(activity)} target="_blank" rel="noreferrer" className="inline-flex h-9 items-center rounded-md border border-border bg-card px-4 text-sm hover:bg-muted">
            {t("detail.preview")}
          </a>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_380px]">
        <div className="min-w-0 space-y-6">
          <ActivityForm
            canEdit={canEdit}
            initial={{
              id: activity.id,
              name: activity.name,
              startAt: activity.startAt.toISOString(),
              endAt: activity.endAt.toISOString(),
              miniProgramPath: activity.miniProgramPath,
              miniProgramQuery: activity.miniProgramQuery,
              landingTitle: activity.landingTitle,
              landingText: activity.landingText,
              landingButton: activity.landingButton,
            }}
          />
          <ChannelsPanel
            activityId={activity.id}
            canEdit={canEdit}
            channels={channels.map((c) => ({ ...c, link: landingUrl(activity, c.id) }))}
          />
          <SendTaskCosts tasks={tasks} />
        </div>
        <div className="space-y-6">
          <ImagePanel activityId={activity.id} imageSrc={activity.imageId ? imagePath(activity.imageId) : null} canEdit={canEdit} />
          <Card>
            <CardHeader title={t("detail.smsPath")} description={t("detail.smsPathHint")} />
            <CardBody>
              <code className="block break-all rounded bg-muted px-2 py-1.5 text-xs" data-testid="sms-path">
                {smsPath(activity.id)}
              </code>
            </CardBody>
          </Card>
          {canEdit ? <LifecyclePanel activityId={activity.id} name={activity.name} closed={activity.closed} /> : null}
        </div>
      </div>
    </>
  );
}
