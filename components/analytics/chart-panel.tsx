"use client";

import { BarChart3, Download, Table2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th } from "@/components/ui/table";
import { csvFileName, toCsv, type CsvCell } from "@/lib/csv";
import { LoadingPanel, type EmptyContent, type PanelQuery } from "./loading-panel";

export interface TableColumn {
  key: string;
  label: string;
  numeric?: boolean;
  /** How the cell reads on screen; the CSV keeps the raw value. */
  format?: (value: CsvCell) => ReactNode;
}

/** A chart's data as a table: shown by the table view, written by the CSV export. */
export interface TableSpec {
  columns: TableColumn[];
  rows: Record<string, CsvCell>[];
}

/**
 * A card holding one chart, with a switch to its table (readable without colour) and a CSV export of the same
 * rows. Loading, error and empty states come from LoadingPanel.
 */
export function ChartPanel<T>({
  id,
  title,
  description,
  query,
  isEmpty,
  empty,
  skeleton,
  table,
  csvName,
  actions,
  children,
  className,
  chartless,
}: {
  id: string;
  title: ReactNode;
  description?: ReactNode;
  query: PanelQuery<T>;
  isEmpty?: (data: T) => boolean;
  empty?: EmptyContent;
  skeleton: ReactNode;
  table: (data: T) => TableSpec;
  csvName: string[];
  actions?: ReactNode;
  children: (data: T) => ReactNode;
  className?: string;
  /** The panel draws without Recharts (a list with bars), so there is no chart to wait for. */
  chartless?: boolean;
}) {
  const t = useTranslations("analytics.panel");
  const [view, setView] = useState<"chart" | "table">("chart");
  const ready = query.data !== undefined && !isEmpty?.(query.data);

  function exportCsv() {
    if (query.data === undefined) return;
    const spec = table(query.data);
    const csv = toCsv(
      spec.columns.map((c) => c.label),
      spec.rows.map((r) => spec.columns.map((c) => r[c.key])),
    );
    // The byte-order mark makes Excel read the file as UTF-8 (Chinese channel and activity names).
    const url = URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = csvFileName("hongyan", ...csvName);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <Card className={cn("flex min-w-0 flex-col", className)} data-panel={id}>
      <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-2 px-5 pt-4">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold">{title}</h2>
          {description ? <p className="mt-0.5 text-xs text-muted-foreground">{description}</p> : null}
        </div>
        <div className="flex items-center gap-1.5">
          {actions}
          <div className="inline-flex rounded-md border border-border p-0.5" role="group" aria-label={t("view")}>
            <ViewButton active={view === "chart"} onClick={() => setView("chart")} label={t("chart")} icon={<BarChart3 className="h-3.5 w-3.5" aria-hidden />} />
            <ViewButton active={view === "table"} onClick={() => setView("table")} label={t("table")} icon={<Table2 className="h-3.5 w-3.5" aria-hidden />} />
          </div>
          <button
            type="button"
            onClick={exportCsv}
            disabled={!ready}
            title={t("csv")}
            aria-label={t("csv")}
            className="inline-flex h-7 w-7 items-center justify-center rounded-md border border-border text-muted-foreground hover:bg-muted hover:text-foreground disabled:opacity-40"
          >
            <Download className="h-3.5 w-3.5" aria-hidden />
          </button>
        </div>
      </div>
      <div className="flex-1 px-5 pb-5 pt-3">
        <LoadingPanel query={query} isEmpty={isEmpty} empty={empty} skeleton={skeleton}>
          {(data) => (view === "table" ? <DataTable spec={table(data)} /> : chartless ? children(data) : <div data-chart-view>{children(data)}</div>)}
        </LoadingPanel>
      </div>
    </Card>
  );
}

function ViewButton({ active, onClick, label, icon }: { active: boolean; onClick: () => void; label: string; icon: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-pressed={active}
      title={label}
      className={cn(
        "inline-flex h-6 items-center gap-1 rounded px-1.5 text-xs",
        active ? "bg-muted font-medium text-foreground" : "text-muted-foreground hover:text-foreground",
      )}
    >
      {icon}
      <span className="sr-only sm:not-sr-only">{label}</span>
    </button>
  );
}

export function DataTable({ spec }: { spec: TableSpec }) {
  return (
    <Table data-testid="data-table">
      <thead>
        <tr>
          {spec.columns.map((c) => (
            <Th key={c.key} className={c.numeric ? "text-right" : undefined}>
              {c.label}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {spec.rows.map((row, i) => (
          <tr key={i}>
            {spec.columns.map((c) => (
              <Td key={c.key} className={c.numeric ? "text-right tabular-nums" : undefined}>
                {c.format ? c.format(row[c.key]) : row[c.key]}
              </Td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
