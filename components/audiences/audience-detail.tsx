import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { type AudienceSummary, countSendableMembers, listAudienceMembers } from "@/lib/audiences";
import type { SessionUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { AudienceReport } from "./audience-report";
import { DeleteAudienceButton } from "./delete-audience-button";
import { LinkButton } from "./link-button";

const PAGE_SIZE = 100;

export async function AudienceDetail({ audience, user, page }: { audience: AudienceSummary; user: SessionUser; page: number }) {
  const t = await getTranslations("audiences");
  const format = await getFormatter();
  const pages = Math.max(1, Math.ceil(audience.memberCount / PAGE_SIZE));
  const current = Math.min(page, pages);
  const [members, sendable] = await Promise.all([
    listAudienceMembers(db(), audience.id, { limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE }),
    countSendableMembers(db(), audience.id),
  ]);
  const who = audience.createdByName || audience.createdByEmail || t("detail.unknownUser");

  return (
    <>
      <PageHeader
        title={audience.name}
        description={t("detail.createdBy", { who, when: format.dateTime(audience.createdAt, "moment") })}
        actions={
          <>
            <LinkButton href="/audiences" variant="secondary">
              {t("backToList")}
            </LinkButton>
            {hasRole(user.role, "marketer") ? <DeleteAudienceButton id={audience.id} name={audience.name} members={audience.memberCount} /> : null}
          </>
        }
      />
      <div className="space-y-6">
        <AudienceReport audience={audience} sendable={sendable} />

        <Card>
          <CardHeader title={`${t("members.title")} (${format.number(audience.memberCount)})`} />
          {members.length === 0 ? (
            <CardBody className="text-sm text-muted-foreground">{t("members.empty")}</CardBody>
          ) : (
            <>
              <Table>
                <thead>
                  <tr>
                    <Th>{t("members.phone")}</Th>
                    <Th>{t("members.source")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr key={m.phone}>
                      <Td className="font-mono tabular-nums">
                        {m.phone} {m.optedOut ? <Badge tone="warning">{t("members.optedOut")}</Badge> : null}
                      </Td>
                      <Td className="font-mono text-xs text-muted-foreground">{m.source}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
              {pages > 1 ? (
                <CardBody className="flex items-center justify-between text-sm text-muted-foreground">
                  <span>{t("members.page", { page: current, pages })}</span>
                  <span className="flex gap-2">
                    {current > 1 ? (
                      <LinkButton variant="secondary" href={`/audiences/${audience.id}?page=${current - 1}`}>
                        {t("members.previous")}
                      </LinkButton>
                    ) : null}
                    {current < pages ? (
                      <LinkButton variant="secondary" href={`/audiences/${audience.id}?page=${current + 1}`}>
                        {t("members.next")}
                      </LinkButton>
                    ) : null}
                  </span>
                </CardBody>
              ) : null}
            </>
          )}
        </Card>
      </div>
    </>
  );
}

