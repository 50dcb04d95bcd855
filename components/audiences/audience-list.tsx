import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import type { AudienceSummary } from "@/lib/audiences";
import type { SessionUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { LinkButton } from "@/components/ui/link-button";

export async function AudienceList({ user, audiences }: { user: SessionUser; audiences: AudienceSummary[] }) {
  const t = await getTranslations("audiences");
  const tSources = await getTranslations("sources");
  const format = await getFormatter();
  const canEdit = hasRole(user.role, "marketer");
  const n = (v: number) => format.number(v);
  const kinds = ["paste", "csv", "cloudid", "function"] as const;
  const source = (kind: string, label: string | null) => {
    const name = (kinds as readonly string[]).includes(kind) ? t(`sourceKinds.${kind as (typeof kinds)[number]}`) : kind;
    return label ? `${name} · ${label}` : name;
  };

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <LinkButton href="/audiences/opt-outs" variant="secondary">
              {t("optOutsLink")}
            </LinkButton>
            {canEdit ? (
              <LinkButton href="/audiences/from-mini-program" variant="secondary" data-testid="audiences-from-mini-program">
                {tSources("linkFromAudiences")}
              </LinkButton>
            ) : null}
            {canEdit ? <LinkButton href="/audiences/new">{t("newAudience")}</LinkButton> : null}
          </>
        }
      />
      <Card>
        {audiences.length === 0 ? (
          <EmptyState
            title={t("list.emptyTitle")}
            description={canEdit ? t("list.emptyText") : t("list.emptyTextReadOnly")}
            action={canEdit ? <LinkButton href="/audiences/new">{t("newAudience")}</LinkButton> : undefined}
          />
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>{t("list.name")}</Th>
                <Th>{t("list.source")}</Th>
                <Th className="text-right">{t("list.members")}</Th>
                <Th className="text-right">{t("list.rows")}</Th>
                <Th className="text-right">{t("list.invalid")}</Th>
                <Th className="text-right">{t("list.duplicates")}</Th>
                <Th className="text-right">{t("list.optedOut")}</Th>
                <Th>{t("list.createdBy")}</Th>
                <Th>{t("list.createdAt")}</Th>
              </tr>
            </thead>
            <tbody>
              {audiences.map((a) => (
                <tr key={a.id}>
                  <Td>
                    <Link href={`/audiences/${a.id}`} className="font-medium text-primary hover:underline">
                      {a.name}
                    </Link>
                  </Td>
                  <Td className="text-muted-foreground">{source(a.sourceKind, a.sourceLabel)}</Td>
                  <Td className="text-right font-medium tabular-nums">{n(a.memberCount)}</Td>
                  <Td className="text-right tabular-nums">{n(a.rowCount)}</Td>
                  <Td className="text-right tabular-nums">{n(a.invalidCount)}</Td>
                  <Td className="text-right tabular-nums">{n(a.duplicateCount)}</Td>
                  <Td className="text-right tabular-nums">{n(a.optedOutCount)}</Td>
                  <Td className="text-muted-foreground">{a.createdByName || a.createdByEmail || "—"}</Td>
                  <Td className="whitespace-nowrap text-muted-foreground">{format.dateTime(a.createdAt, "moment")}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
