"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Table, Td, Th } from "@/components/ui/table";
import { fetchJson, useFailureText } from "@/components/use-action";
import type { RecipientRow } from "@/lib/campaigns/progress";
import { RecipientMessage } from "./send-failure";

const STATUSES = ["sent", "failed", "pending", "uncertain", "skipped", "cancelled"] as const;
const PAGE_SIZE = 50;

interface ResultsPage {
  rows: RecipientRow[];
  total: number;
  codes: Array<{ code: string; count: number }>;
}

/** The per-recipient ledger of a task: paged, filtered by status and code, exportable as CSV. */
export function ResultsTable({ taskId, version }: { taskId: string; version: number }) {
  const t = useTranslations("campaigns.results");
  const format = useFormatter();
  const [status, setStatus] = useState("");
  const [code, setCode] = useState("");
  const [page, setPage] = useState(1);
  const query = new URLSearchParams({ status, code, page: String(page), pageSize: String(PAGE_SIZE) });
  const { data, error } = useQuery({
    queryKey: ["campaign-results", taskId, status, code, page, version],
    queryFn: () => fetchJson<ResultsPage>(`/api/campaigns/${taskId}/recipients?${query}`),
    placeholderData: keepPreviousData,
  });
  const failure = useFailureText(error);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const exportHref = `/api/campaigns/${taskId}/export?${new URLSearchParams({ status, code })}`;

  return (
    <Card>
      <CardHeader
        title={t("title")}
        actions={
          <a href={exportHref} className="text-sm font-medium text-primary hover:underline" data-testid="export-csv">
            {t("export")}
          </a>
        }
      />
      <CardBody className="space-y-3">
        <div className="flex flex-wrap gap-3">
          <Select aria-label={t("status")} value={status} onChange={(e) => { setStatus(e.target.value); setPage(1); }} className="w-auto">
            <option value="">{t("allStatuses")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </Select>
          <Select aria-label={t("code")} value={code} onChange={(e) => { setCode(e.target.value); setPage(1); }} className="w-auto">
            <option value="">{t("allCodes")}</option>
            {(data?.codes ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} ({format.number(c.count)})
              </option>
            ))}
          </Select>
        </div>
        {failure ? (
          <p className="text-sm text-destructive">
            {t("loadFailed")} {failure}
          </p>
        ) : null}
        <Table>
          <thead>
            <tr>
              <Th>{t("phone")}</Th>
              <Th>{t("status")}</Th>
              <Th>{t("code")}</Th>
              <Th>{t("message")}</Th>
              <Th>{t("serialNo")}</Th>
            </tr>
          </thead>
          <tbody>
            {(data?.rows ?? []).map((r) => (
              <tr key={r.phone}>
                <Td className="tabular-nums">{r.phone}</Td>
                <Td>{t(`statuses.${r.status}`)}</Td>
                <Td className="text-muted-foreground">{r.code ?? "—"}</Td>
                <Td className="text-muted-foreground">
                  <RecipientMessage code={r.code} message={r.message} />
                </Td>
                <Td className="text-xs text-muted-foreground">{r.serialNo ?? ""}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <Pagination page={page} pages={pages} summary={t("pageOf", { page, pages, total: format.number(data?.total ?? 0) })} onPage={setPage} />
      </CardBody>
    </Card>
  );
}
