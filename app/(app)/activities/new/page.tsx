import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ActivityForm } from "@/components/activities/activity-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activities"))("new") };
}

/** A sensible default window: from this minute, for a week. */
function defaultWindow(): { start: Date; end: Date } {
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  return { start, end: new Date(start.getTime() + 7 * 86400_000) };
}

export default async function NewActivityPage() {
  await requirePageUser("marketer");
  const t = await getTranslations("activities");
  const { start, end } = defaultWindow();
  return (
    <>
      <Link href="/activities" className="text-sm text-muted-foreground hover:underline">
        ← {t("detail.back")}
      </Link>
      <PageHeader title={t("form.createTitle")} />
      <ActivityForm
        canEdit
        initial={{
          name: "", startAt: start.toISOString(), endAt: end.toISOString(),
          miniProgramPath: "pages/index/index", miniProgramQuery: "", landingTitle: "", landingText: "", landingButton: "",
        }}
      />
    </>
  );
}
