"use client";

import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { OverviewRow } from "@/lib/statistics";
import { TOOLTIP_STYLE } from "./chart-colors";

/** Channels side by side: H5 users and mini-program users per channel, with the H5 → mini-program rate. */
export function ChannelComparison({ rows, channelName, count, percent }: { rows: OverviewRow[]; channelName: (id: string) => string; count: (n: number) => string; percent: (r: number) => string }) {
  const t = useTranslations("analytics.funnel.compare");
  const data = rows.map((r) => ({ name: channelName(r.channelId), h5: r.h5OpenUsers, wxapp: r.jumpWxappUsers, rate: r.jumpH5Rate }));
  return (
    <div style={{ height: Math.max(180, data.length * 52 + 60) }}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 240 }}>
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }} barGap={2} barCategoryGap="22%">
          <CartesianGrid horizontal={false} stroke="var(--border)" />
          <XAxis type="number" tickLine={false} axisLine={false} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} tickFormatter={(v) => count(Number(v))} />
          <YAxis type="category" dataKey="name" width={92} tickLine={false} axisLine={false} tick={{ fill: "var(--foreground)", fontSize: 12 }} />
          <Tooltip
            {...TOOLTIP_STYLE}
            cursor={{ fill: "var(--muted)", opacity: 0.5 }}
            formatter={(value, name) => [count(Number(value)), name === "h5" ? t("h5") : t("wxapp")]}
            labelFormatter={(label, payload) => {
              const rate = payload?.[0]?.payload?.rate;
              return typeof rate === "number" ? `${label} · ${t("rate")} ${percent(rate)}` : String(label);
            }}
          />
          <Legend verticalAlign="top" height={28} iconType="circle" iconSize={8} formatter={(v) => <span className="text-xs text-muted-foreground">{v === "h5" ? t("h5") : t("wxapp")}</span>} />
          <Bar dataKey="h5" fill="var(--chart-2)" radius={[0, 4, 4, 0]} isAnimationActive={false} />
          <Bar dataKey="wxapp" fill="var(--chart-1)" radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
