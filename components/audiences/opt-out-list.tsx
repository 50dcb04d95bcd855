import { getFormatter, getTranslations } from "next-intl/server";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import type { OptOutPageData } from "@/lib/audiences";
import type { SessionUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";
import { LinkButton } from "@/components/ui/link-button";
import { OptOutForms, RemoveOptOutButton } from "./opt-out-forms";

export async function OptOutList({ user, search, page, pages, rows, total, removals }: OptOutPageData & { user: SessionUser }) {
  const t = await getTranslations("audiences");
  const format = await getFormatter();
  const canEdit = hasRole(user.role, "marketer");
  // Taking a number off the list lets SMS reach someone who asked for none: admins only (audited).
  const canRemove = hasRole(user.role, "admin");
  const when = (d: Date) => format.dateTime(d, "moment");
  const pageHref = (p: number) => `/audiences/opt-outs?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(p) })}`;

  return (
    <>
      <PageHeader
        title={t("optOuts.title")}
        description={t("optOuts.description")}
        actions={
          <LinkButton href="/audiences" variant="secondary">
            {t("backToList")}
          </LinkButton>
        }
      />
      <div className="space-y-6">
        {canEdit ? <OptOutForms /> : <Alert>{t("optOuts.readOnly")}</Alert>}

        <Card>
          <CardHeader
            title={t("optOuts.list.title", { total: format.number(total) })}
            actions={
              <form method="get" action="/audiences/opt-outs" className="flex gap-2">
                <Input name="q" defaultValue={search} placeholder={t("optOuts.list.search")} aria-label={t("optOuts.list.search")} className="w-48" />
                <Button type="submit" variant="secondary">
                  {t("optOuts.list.searchSubmit")}
                </Button>
              </form>
            }
          />
          {rows.length === 0 ? (
            <CardBody className="text-sm text-muted-foreground">{search ? t("optOuts.list.noMatch", { q: search }) : t("optOuts.list.empty")}</CardBody>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>{t("optOuts.list.phone")}</Th>
                  <Th>{t("optOuts.list.reason")}</Th>
                  <Th>{t("optOuts.list.addedBy")}</Th>
                  <Th>{t("optOuts.list.addedAt")}</Th>
                  {canRemove ? <Th className="w-24" /> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={`${i}:${r.phone}`}>
                    <Td className="font-mono tabular-nums">{r.phone}</Td>
                    <Td>{r.reason || "—"}</Td>
                    <Td className="text-muted-foreground">{r.addedByName || r.addedByEmail || "—"}</Td>
                    <Td className="whitespace-nowrap text-muted-foreground">{when(r.addedAt)}</Td>
                    {canRemove ? (
                      <Td className="text-right">
                        <RemoveOptOutButton phone={r.phone} />
                      </Td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {pages > 1 ? (
            <CardBody>
              <Pagination page={page} pages={pages} summary={t("members.page", { page, pages })} href={pageHref} />
            </CardBody>
          ) : null}
        </Card>

        <Card>
          <CardHeader title={t("optOuts.removals.title")} />
          {removals.length === 0 ? (
            <CardBody className="text-sm text-muted-foreground">{t("optOuts.removals.empty")}</CardBody>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>{t("optOuts.removals.phone")}</Th>
                  <Th>{t("optOuts.removals.reason")}</Th>
                  <Th>{t("optOuts.removals.addedBy")}</Th>
                  <Th>{t("optOuts.removals.removedBy")}</Th>
                  <Th>{t("optOuts.removals.removedAt")}</Th>
                </tr>
              </thead>
              <tbody>
                {removals.map((r, i) => (
                  <tr key={i}>
                    <Td className="font-mono tabular-nums">{r.phone}</Td>
                    <Td>{r.reason || "—"}</Td>
                    <Td className="text-muted-foreground">
                      {r.addedByEmail ?? "—"} · {when(r.addedAt)}
                    </Td>
                    <Td className="text-muted-foreground">{r.removedByEmail ?? "—"}</Td>
                    <Td className="whitespace-nowrap text-muted-foreground">{when(r.removedAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
