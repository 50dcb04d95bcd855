"use client";

import { callAction } from "@/components/use-action";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { compareViewAction } from "@/app/(app)/analytics/actions";
import { StateBadge } from "@/components/activities/state-badge";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import type { ActivityState } from "@/lib/activities/activities";
import type { CompareRow, CompareView } from "@/lib/analytics/views";
import { ChartPanel, type TableSpec } from "./chart-panel";
import { CompareBars, Sparkline } from "./charts";
import { DataFreshness } from "./data-freshness";
import { RangePicker } from "./filters";
import { useAnalyticsFormat } from "./format";
import { Skeleton } from "@/components/ui/skeleton";
import { useAnalyticsParams } from "./use-analytics-params";
import { useChartsDrawnMark } from "./use-charts-drawn";

/** The Compare page's columns as a table: what each is, how it reads, and whether the bar chart can show it. */
const COLUMNS = [
  { key: "smsSent", kind: "count" },
  { key: "h5Users", kind: "count" },
  { key: "wxappUsers", kind: "count" },
  { key: "h5SmsRate", kind: "rate" },
  { key: "jumpH5Rate", kind: "rate" },
  { key: "cost", kind: "money" },
  { key: "costPerH5User", kind: "money" },
  { key: "costPerWxappUser", kind: "money" },
] as const;
type ColumnKey = (typeof COLUMNS)[number]["key"];
const STATES: ActivityState[] = ["open", "not_started", "ended", "closed"];

export function CompareDashboard() {
  const t = useTranslations("analytics.compare");
  const ts = useTranslations("analytics.states");
  const tState = useTranslations("activities.state");
  const params = useAnalyticsParams();
  const fmt = useAnalyticsFormat();
  const [status, setStatus] = useState<ActivityState | "all">("all");
  const [sort, setSort] = useState<{ key: ColumnKey | "name"; desc: boolean }>({ key: "h5Users", desc: true });
  const [metric, setMetric] = useState<ColumnKey>("h5Users");

  const view = useQuery({
    queryKey: ["analytics", "compare", params.range.from, params.range.to],
    queryFn: () => callAction(compareViewAction, { from: params.range.from, to: params.range.to }),
    placeholderData: keepPreviousData,
  });
  useChartsDrawnMark(!view.isPending);

  const format = (kind: "count" | "rate" | "money", v: number | null) => (v === null ? "—" : kind === "count" ? fmt.count(v) : kind === "rate" ? fmt.percent(v) : fmt.money(v));
  const rowsOf = useMemo(
    () => (d: CompareView) => {
      const rows = d.rows.filter((r) => status === "all" || r.state === status);
      const value = (r: CompareRow) => (sort.key === "name" ? r.name : r[sort.key]);
      return [...rows].sort((a, b) => {
        const x = value(a);
        const y = value(b);
        // Unknown values (no price yet) go last whichever the direction.
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        const c = typeof x === "string" ? x.localeCompare(String(y)) : x - Number(y);
        return sort.desc ? -c : c;
      });
    },
    [status, sort],
  );
  const kindOf = (key: ColumnKey) => COLUMNS.find((c) => c.key === key)!.kind;
  const csvName = ["compare", `${params.range.from}_${params.range.to}`, status];

  const table = (d: CompareView): TableSpec => ({
    columns: [
      { key: "name", label: t("columns.name") },
      { key: "activityId", label: t("columns.activityId") },
      { key: "state", label: t("columns.state"), format: (v) => tState(String(v)) },
      ...COLUMNS.map((c) => ({ key: c.key, label: t(`columns.${c.key}`), numeric: true, format: (v: unknown) => format(c.kind, v === null || v === undefined ? null : Number(v)) })),
      { key: "billedSegments", label: t("columns.billedSegments"), numeric: true, format: (v) => fmt.count(Number(v)) },
    ],
    rows: rowsOf(d).map((r) => ({
      name: r.name, activityId: r.activityId, state: r.state, smsSent: r.smsSent, h5Users: r.h5Users, wxappUsers: r.wxappUsers, h5SmsRate: r.h5SmsRate,
      jumpH5Rate: r.jumpH5Rate, cost: r.cost, costPerH5User: r.costPerH5User, costPerWxappUser: r.costPerWxappUser, billedSegments: r.billedSegments,
    })),
  });

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="mb-6 flex flex-col gap-3 rounded-lg border border-border bg-card/60 p-3 lg:flex-row lg:flex-wrap lg:items-start">
        <RangePicker params={params} />
        <label className="flex items-center gap-2 text-xs text-muted-foreground">
          <span className="shrink-0">{t("status")}</span>
          <Select value={status} onChange={(e) => setStatus(e.target.value as ActivityState | "all")} className="h-9 w-auto" data-testid="status-filter">
            <option value="all">{t("allStatuses")}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {tState(s)}
              </option>
            ))}
          </Select>
        </label>
      </div>
      <div className="space-y-6">
        {view.data ? <DataFreshness freshness={view.data.freshness} /> : null}
        <ChartPanel
          id="compareBars"
          title={t("barsTitle", { column: t(`columns.${metric}`) })}
          description={t("barsDescription", { range: fmt.dayRange(params.range) })}
          query={view}
          isEmpty={(d) => rowsOf(d).length === 0}
          empty={{ title: ts("emptyTitle"), description: t("empty") }}
          csvName={csvName}
          skeleton={<Skeleton className="h-64" />}
          actions={
            <Select value={metric} onChange={(e) => setMetric(e.target.value as ColumnKey)} className="h-7 w-auto max-w-44 text-xs" aria-label={t("barsColumn")} data-testid="bars-column">
              {COLUMNS.map((c) => (
                <option key={c.key} value={c.key}>
                  {t(`columns.${c.key}`)}
                </option>
              ))}
            </Select>
          }
          table={table}
        >
          {(d) => (
            <CompareBars
              bars={rowsOf(d)
                .filter((r) => r[metric] !== null)
                .map((r) => ({ name: r.name, value: r[metric] as number }))
                .sort((a, b) => b.value - a.value)}
              label={t(`columns.${metric}`)}
              format={(n) => format(kindOf(metric), n)}
            />
          )}
        </ChartPanel>

        <ChartPanel
          id="compareTable"
          chartless
          title={t("tableTitle")}
          description={t("tableDescription", { days: view.data?.sparkDays ?? 1 })}
          query={view}
          isEmpty={(d) => rowsOf(d).length === 0}
          empty={{ title: ts("emptyTitle"), description: t("empty") }}
          csvName={csvName}
          skeleton={
            <div className="space-y-2">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-9" />
              ))}
            </div>
          }
          table={table}
        >
          {(d) => (
            <Table data-testid="compare-table">
              <thead>
                <tr>
                  <SortHeader label={t("columns.name")} active={sort.key === "name"} desc={sort.desc} onClick={() => setSort({ key: "name", desc: sort.key === "name" ? !sort.desc : false })} />
                  {/* On a phone the figures matter more than the shape: the trend line shows from 640 px. */}
                  <Th className="hidden sm:table-cell">{t("columns.trend")}</Th>
                  {COLUMNS.map((c) => (
                    <SortHeader key={c.key} numeric label={t(`columns.${c.key}`)} active={sort.key === c.key} desc={sort.desc} onClick={() => setSort({ key: c.key, desc: sort.key === c.key ? !sort.desc : true })} />
                  ))}
                </tr>
              </thead>
              <tbody>
                {rowsOf(d).map((r) => (
                  <tr
                    key={r.activityId}
                    data-activity={r.activityId}
                    data-state={r.state}
                    data-wxapp={r.wxappUsers}
                    data-billed={r.billedSegments}
                    data-cost={r.cost ?? ""}
                    data-cost-per-wxapp={r.costPerWxappUser ?? ""}
                  >
                    <Td className="min-w-44">
                      <Link href={`/analytics/overview?activity=${encodeURIComponent(r.activityId)}&range=custom&from=${params.range.from}&to=${params.range.to}`} className="font-medium hover:underline">
                        {r.name}
                      </Link>
                      <div className="mt-0.5">
                        <StateBadge state={r.state} />
                      </div>
                    </Td>
                    <Td className="hidden sm:table-cell">
                      <Sparkline values={r.spark.h5} />
                    </Td>
                    {COLUMNS.map((c) => (
                      <Td key={c.key} className="whitespace-nowrap text-right tabular-nums" data-col={c.key}>
                        {format(c.kind, r[c.key])}
                      </Td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </ChartPanel>
        <p className="text-xs text-muted-foreground">{t("costNote")}</p>
      </div>
    </>
  );
}

function SortHeader({ label, active, desc, onClick, numeric }: { label: string; active: boolean; desc: boolean; onClick: () => void; numeric?: boolean }) {
  const Arrow = desc ? ArrowDown : ArrowUp;
  return (
    <Th className={numeric ? "text-right" : undefined} aria-sort={active ? (desc ? "descending" : "ascending") : "none"}>
      <button type="button" onClick={onClick} className="inline-flex items-center gap-1 whitespace-nowrap uppercase hover:text-foreground">
        {label}
        {active ? <Arrow className="h-3 w-3" aria-hidden /> : null}
      </button>
    </Th>
  );
}
