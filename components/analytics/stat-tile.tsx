"use client";

import { ArrowDownRight, ArrowUpRight, Minus } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import type { PeriodChange } from "@/lib/analytics/compare";
import { useAnalyticsFormat } from "./format";

/**
 * One headline figure with its change against the previous period: relative for counts, in percentage points
 * for rates (a rate going from 20 % to 25 % is +5 pp, not +25 %).
 */
export function StatTile({
  id,
  label,
  value,
  raw,
  change,
  kind,
  comparedTo,
  icon,
  upIsGood = true,
}: {
  id: string;
  label: string;
  value: string;
  raw: number;
  change: PeriodChange | null;
  kind: "count" | "rate" | "money";
  comparedTo: string;
  icon?: ReactNode;
  /** Costs: a rise is shown in the warning colour. */
  upIsGood?: boolean;
}) {
  const t = useTranslations("analytics.tiles");
  const { percent, count, money } = useAnalyticsFormat();
  let changeText = "";
  if (change) {
    if (kind === "rate") changeText = t("points", { value: `${change.delta >= 0 ? "+" : "−"}${Math.abs(change.delta * 100).toFixed(1)}` });
    else if (change.relative === null) changeText = change.current > 0 ? t("new") : "—";
    else changeText = `${change.relative >= 0 ? "+" : "−"}${percent(Math.abs(change.relative))}`;
  }
  const tone = !change || change.direction === "flat" ? "flat" : change.direction;
  const Arrow = tone === "up" ? ArrowUpRight : tone === "down" ? ArrowDownRight : Minus;
  return (
    <div className="flex min-w-0 flex-col gap-1.5 rounded-lg border border-border bg-card p-4 shadow-sm" data-tile={id} data-value={raw}>
      <div className="flex items-center gap-1.5 text-xs font-medium text-muted-foreground">
        {icon}
        <span className="truncate">{label}</span>
      </div>
      <div className="truncate text-2xl font-semibold tracking-tight tabular-nums">{value}</div>
      {change ? (
        <div className="flex flex-wrap items-center gap-x-1.5 text-xs">
          <span
            data-change={change.direction}
            className={cn(
              "inline-flex items-center gap-0.5 rounded px-1 py-0.5 font-medium tabular-nums",
              tone !== "flat" && (tone === "up") === upIsGood && "bg-success/12 text-success",
              tone !== "flat" && (tone === "up") !== upIsGood && "bg-destructive/12 text-destructive",
              tone === "flat" && "bg-muted text-muted-foreground",
            )}
          >
            <Arrow className="h-3 w-3" aria-hidden />
            {changeText}
          </span>
          <span className="truncate text-muted-foreground" title={comparedTo}>
            {t("vs", { value: kind === "count" ? count(change.previous) : kind === "money" ? money(change.previous) : percent(change.previous) })}
          </span>
        </div>
      ) : null}
    </div>
  );
}
