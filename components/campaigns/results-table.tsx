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
import { RecipientMessage, useCodeSentence } from "./send-failure";

const STATUSES = ["sent", "failed", "pending", "uncertain", "skipped", "cancelled"] as const;
const PAGE_SIZE = 50;

interface ResultsPage {
  rows: RecipientRow[];
  total: number;
  codes: Array<{ code: string; count: number; message: string | null }>;
}

/** WeChat's code for a number it took. */
const SENT_CODE = "Ok";

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
  const sentence = useCodeSentence();
  // A code the page cannot word reads as WeChat's own message with the code.
  const codeLabel = (c: { code: string; message: string | null }) =>
    c.code === SENT_CODE ? t("statuses.sent") : (sentence(c.code) ?? [c.message, c.code].filter(Boolean).join(" · "));
  const notSent = (data?.codes ?? []).filter((c) => c.code !== SENT_CODE);
  const pickCode = (value: string) => {
    setCode(value);
    setPage(1);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const exportHref = `/api/campaigns/${taskId}/export?${new URLSearchParams({ status, code })}`;

  return (
    <Card data-testid="campaign-results">
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
          <Select aria-label={t("code")} value={code} onChange={(e) => pickCode(e.target.value)} className="w-auto max-w-full sm:max-w-md">
            <option value="">{t("allCodes")}</option>
            {(data?.codes ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {codeLabel(c)} ({format.number(c.count)})
              </option>
            ))}
          </Select>
        </div>
        {/* A million numbers are not read a page at a time: why those not sent were not, with how many, one click from the list. */}
        {notSent.length > 0 ? (
          <section className="rounded-md border border-border" data-testid="not-sent-reasons">
            <h3 className="border-b border-border px-3 py-2 text-sm font-medium">
              {t("reasonsTitle")} <span className="font-normal text-muted-foreground">· {t("reasonsHint")}</span>
            </h3>
            <ul className="divide-y divide-border">
              {notSent.map((c) => (
                <li key={c.code}>
                  <button
                    type="button"
                    onClick={() => pickCode(c.code)}
                    aria-pressed={code === c.code}
                    className={`flex w-full items-baseline justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-muted ${code === c.code ? "bg-muted" : ""}`}
                    data-testid="not-sent-reason"
                    data-code={c.code}
                  >
                    <span className="min-w-0">
                      {sentence(c.code) ?? c.message} <span className="break-all font-mono text-xs text-muted-foreground">{c.code}</span>
                    </span>
                    <span className="shrink-0 font-medium tabular-nums">{format.number(c.count)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {failure ? (
          <p className="text-sm text-destructive">
            {t("loadFailed")} {failure}
          </p>
        ) : null}
        <Table>
          <thead>
            <tr>
              <Th>{t("phone")}</Th>
              <Th className="whitespace-nowrap">{t("status")}</Th>
              <Th>{t("code")}</Th>
              <Th>{t("message")}</Th>
              <Th className="whitespace-nowrap">{t("serialNo")}</Th>
            </tr>
          </thead>
          <tbody>
            {(data?.rows ?? []).map((r) => (
              <tr key={r.phone}>
                <Td className="tabular-nums">{r.phone}</Td>
                <Td className="whitespace-nowrap">{t(`statuses.${r.status}`)}</Td>
                <Td className="text-muted-foreground">{r.code ?? "—"}</Td>
                {/* Wide enough to read on a phone: the table scrolls sideways instead of wrapping it a word a line. */}
                <Td className="min-w-56 text-muted-foreground">
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
