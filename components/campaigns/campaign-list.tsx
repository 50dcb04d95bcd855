import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { LinkButton } from "@/components/ui/link-button";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { STATUS_TONES } from "@/components/ui/status-tones";
import { Table, Td, Th } from "@/components/ui/table";
import type { SessionUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import type { TaskSummary } from "@/lib/campaigns/progress";


export async function CampaignList({ user, tasks }: { user: SessionUser; tasks: TaskSummary[] }) {
  const t = await getTranslations("campaigns");
  const format = await getFormatter();
  const canSend = hasRole(user.role, "marketer");
  const n = (v: number) => format.number(v);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={canSend ? <LinkButton href="/campaigns/new" data-testid="new-campaign">{t("newCampaign")}</LinkButton> : null}
      />
      <Card>
        {tasks.length === 0 ? (
          <EmptyState title={t("list.emptyTitle")} description={canSend ? t("list.emptyText") : t("list.emptyTextReadOnly")} />
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>{t("list.name")}</Th>
                <Th>{t("list.type")}</Th>
                <Th>{t("list.status")}</Th>
                <Th className="text-right">{t("list.numbers")}</Th>
                <Th className="text-right">{t("list.sent")}</Th>
                <Th className="text-right">{t("list.failed")}</Th>
                <Th className="text-right">{t("list.uncertain")}</Th>
                <Th>{t("list.createdBy")}</Th>
                <Th>{t("list.createdAt")}</Th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id}>
                  <Td>
                    <Link href={`/campaigns/${task.id}`} className="font-medium text-primary hover:underline">
                      {task.name || task.id.slice(0, 8)}
                    </Link>
                  </Td>
                  <Td className="text-muted-foreground">{t(`types.${task.smsType}`)}</Td>
                  <Td>
                    <Badge tone={STATUS_TONES.campaign[task.status]}>{t(`status.${task.status}`)}</Badge>
                  </Td>
                  <Td className="text-right tabular-nums">{n(task.total)}</Td>
                  <Td className="text-right tabular-nums">{n(task.sent)}</Td>
                  <Td className="text-right tabular-nums">{n(task.failed)}</Td>
                  <Td className="text-right tabular-nums">{task.uncertain > 0 ? <span className="text-warning">{n(task.uncertain)}</span> : n(0)}</Td>
                  <Td className="text-muted-foreground">{task.createdByEmail ?? "—"}</Td>
                  <Td className="text-muted-foreground">{format.dateTime(task.createdAt, "moment")}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
