import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import type { AudiencePageData } from "@/lib/audiences";
import type { SessionUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { AudienceReport } from "./audience-report";
import { DeleteAudienceButton } from "./delete-audience-button";
import { LinkButton } from "@/components/ui/link-button";

export async function AudienceDetail({ audience, members, sendable, invalidRows, page: current, pages, user }: AudiencePageData & { user: SessionUser }) {
  const t = await getTranslations("audiences");
  const format = await getFormatter();
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
        <AudienceReport audience={audience} sendable={sendable} invalidRows={invalidRows} />

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
                <CardBody>
                  <Pagination page={current} pages={pages} summary={t("members.page", { page: current, pages })} href={(n) => `/audiences/${audience.id}?page=${n}`} />
                </CardBody>
              ) : null}
            </>
          )}
        </Card>
      </div>
    </>
  );
}

