import { Megaphone, Plus, Search } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import type { ActivitySummary } from "@/lib/activities/activities";
import { StateBadge } from "./state-badge";

const buttonClass = "inline-flex h-9 items-center gap-2 rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground hover:opacity-90";

export function ActivityList({ activities, search, canEdit }: { activities: ActivitySummary[]; search: string; canEdit: boolean }) {
  const t = useTranslations("activities");
  const format = useFormatter();
  const when = (d: Date) => format.dateTime(d, "compact");
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          canEdit ? (
            <Link href="/activities/new" className={buttonClass}>
              <Plus className="h-4 w-4" aria-hidden />
              {t("new")}
            </Link>
          ) : null
        }
      />
      {!canEdit ? <Alert className="mb-4">{t("readOnly")}</Alert> : null}
      <Card>
        <form className="flex gap-2 border-b border-border px-5 py-3" role="search" action="/activities">
          <Input name="q" defaultValue={search} placeholder={t("searchPlaceholder")} aria-label={t("searchPlaceholder")} className="max-w-sm" />
          <button type="submit" className="inline-flex h-9 items-center gap-2 rounded-md border border-border bg-card px-3 text-sm hover:bg-muted">
            <Search className="h-4 w-4" aria-hidden />
            {t("search")}
          </button>
        </form>
        {activities.length === 0 ? (
          <EmptyState
            icon={<Megaphone className="h-8 w-8" />}
            title={search ? t("empty.noMatch", { q: search }) : t("empty.title")}
            description={search ? undefined : t("empty.text")}
          />
        ) : (
          <Table data-testid="activities-table">
            <thead>
              <tr>
                <Th>{t("fields.name")}</Th>
                <Th>{t("fields.id")}</Th>
                <Th>{t("fields.window")}</Th>
                <Th>{t("fields.state")}</Th>
              </tr>
            </thead>
            <tbody>
              {activities.map((a) => (
                <tr key={a.id} data-activity-id={a.id}>
                  <Td className="font-medium">
                    <Link href={`/activities/${a.id}`} className="text-primary hover:underline">
                      {a.name}
                    </Link>
                  </Td>
                  <Td className="font-mono text-xs text-muted-foreground">{a.id}</Td>
                  <Td className="whitespace-nowrap text-muted-foreground">
                    {when(a.startAt)} – {when(a.endAt)}
                  </Td>
                  <Td>
                    <StateBadge state={a.state} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
