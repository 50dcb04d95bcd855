"use client";

import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FunnelStep } from "@/lib/statistics";
import { TOOLTIP_STYLE } from "./chart-colors";

/**
 * Steps as bars on one scale: the coloured part is who reached the step, the pale part who was lost on the way
 * from the first step. Under each bar the step's rates and drop-off, in words and numbers.
 */
export function FunnelChart({ steps, count, percent }: { steps: FunnelStep[]; count: (n: number) => string; percent: (r: number) => string }) {
  const t = useTranslations("analytics.funnel");
  const first = steps[0]?.count ?? 0;
  const data = steps.map((s) => ({ name: t(`steps.${s.key}`), count: s.count, lost: Math.max(0, first - s.count), rate: s.rateFromFirst }));
  return (
    <div>
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 256 }}>
          <BarChart data={data} barCategoryGap="18%" margin={{ top: 22, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="name" interval={0} tickLine={false} axisLine={false} tick={{ fill: "var(--muted-foreground)", fontSize: 12 }} />
            <YAxis tickLine={false} axisLine={false} width={48} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} tickFormatter={(v) => count(Number(v))} />
            <Tooltip {...TOOLTIP_STYLE} cursor={{ fill: "var(--muted)", opacity: 0.5 }} formatter={(value, name) => [count(Number(value)), name === "count" ? t("reached") : t("lost")]} />
            <Bar dataKey="count" stackId="f" fill="var(--chart-1)" radius={[0, 0, 4, 4]} isAnimationActive={false}>
              {/* A step nobody left has no pale part to carry its rate, so it sits on top of the bar instead. */}
              <LabelList dataKey={(d: { lost: number; rate: number }) => (d.lost === 0 ? d.rate : "")} position="top" offset={6} fill="var(--foreground)" fontSize={12} fontWeight={600} formatter={(v) => (v === "" ? "" : percent(Number(v)))} />
            </Bar>
            {/* The rate sits just above the coloured part, where it stays readable however small the step is. */}
            <Bar dataKey="lost" stackId="f" fill="var(--chart-1)" fillOpacity={0.14} radius={[4, 4, 0, 0]} isAnimationActive={false}>
              <LabelList dataKey="rate" position="insideBottom" offset={6} fill="var(--foreground)" fontSize={12} fontWeight={600} formatter={(v) => percent(Number(v))} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ol className={steps.length === 3 ? "mt-4 grid gap-3 sm:grid-cols-3" : "mt-4 grid gap-3 sm:grid-cols-2"} data-testid="funnel-steps">
        {steps.map((s, i) => (
          <li key={s.key} className="min-w-0 rounded-md border border-border p-3" data-step={s.key} data-count={s.count}>
            <p className="truncate text-xs text-muted-foreground">
              {i + 1}. {t(`steps.${s.key}`)}
            </p>
            <p className="mt-0.5 text-lg font-semibold tabular-nums">{count(s.count)}</p>
            {i > 0 ? (
              <dl className="mt-1.5 space-y-0.5 text-xs">
                <Fact label={t("fromPrevious")} value={percent(s.rateFromPrevious)} />
                <Fact label={t("fromFirst")} value={percent(s.rateFromFirst)} />
                <Fact label={t("dropOff")} value={`${count(s.dropped)} · ${percent(s.dropOff)}`} tone="destructive" />
              </dl>
            ) : (
              <p className="mt-1.5 text-xs text-muted-foreground">{t("startStep")}</p>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

function Fact({ label, value, tone }: { label: string; value: string; tone?: "destructive" }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-2">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className={tone === "destructive" ? "tabular-nums text-destructive" : "tabular-nums font-medium"}>{value}</dd>
    </div>
  );
}
