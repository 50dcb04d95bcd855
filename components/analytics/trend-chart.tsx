"use client";

import { useTranslations } from "next-intl";
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "@/lib/history/read";
import { TOOLTIP_STYLE } from "./chart-colors";
import { TREND_SERIES, type TrendSeries } from "./trend-series";


/**
 * Daily figures: SMS sent as bars, H5 and mini-program users as lines on the left axis, the two rates dashed on
 * the right. A pending day (WeChat has nothing yet) is a gap, never a zero.
 */
export function TrendChart({
  points,
  visible,
  day,
  count,
  percent,
}: {
  points: TrendPoint[];
  visible: readonly TrendSeries[];
  day: (d: string) => string;
  count: (n: number) => string;
  percent: (r: number) => string;
}) {
  const t = useTranslations("analytics.overview.trend");
  const data = points.map((p) => ({
    day: p.day,
    pending: p.pending,
    smsSent: p.pending ? null : p.smsSent,
    h5Users: p.pending ? null : p.h5Users,
    wxappUsers: p.pending ? null : p.wxappUsers,
    h5SmsRate: p.pending || p.smsSent === 0 ? null : p.h5SmsRate,
    jumpH5Rate: p.pending || p.h5Users === 0 ? null : p.jumpH5Rate,
  }));
  const showRates = visible.some((s) => TREND_SERIES[s].axis === "rate");
  return (
    <div className="h-72" data-testid="trend-chart">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 288 }}>
        <ComposedChart data={data} margin={{ top: 8, right: 0, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="day" tickFormatter={(v) => day(String(v))} tickLine={false} axisLine={false} minTickGap={16} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} />
          <YAxis yAxisId="count" allowDecimals={false} tickLine={false} axisLine={false} width={44} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} tickFormatter={(v) => count(Number(v))} />
          <YAxis
            yAxisId="rate"
            orientation="right"
            hide={!showRates}
            domain={[0, (max: number) => (max > 1 ? Math.ceil(max * 4) / 4 : 1)]}
            tickLine={false}
            axisLine={false}
            width={44}
            tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
            tickFormatter={(v) => percent(Number(v))}
          />
          <Tooltip
            {...TOOLTIP_STYLE}
            cursor={{ fill: "var(--muted)", opacity: 0.4 }}
            labelFormatter={(v, payload) => `${day(String(v))}${payload?.[0]?.payload?.pending ? ` · ${t("pending")}` : ""}`}
            formatter={(value, name) => {
              const key = String(name) as TrendSeries;
              return [value === null || value === undefined ? "—" : TREND_SERIES[key]?.axis === "rate" ? percent(Number(value)) : count(Number(value)), t(`series.${key}`)];
            }}
          />
          {visible.includes("smsSent") ? <Bar yAxisId="count" dataKey="smsSent" fill={TREND_SERIES.smsSent.color} fillOpacity={0.55} radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} /> : null}
          {(["h5Users", "wxappUsers"] as const)
            .filter((s) => visible.includes(s))
            .map((s) => (
              <Line key={s} yAxisId="count" type="monotone" dataKey={s} stroke={TREND_SERIES[s].color} strokeWidth={2} dot={points.length <= 31 ? { r: 2.5 } : false} connectNulls={false} isAnimationActive={false} />
            ))}
          {(["h5SmsRate", "jumpH5Rate"] as const)
            .filter((s) => visible.includes(s))
            .map((s) => (
              <Line key={s} yAxisId="rate" type="monotone" dataKey={s} stroke={TREND_SERIES[s].color} strokeWidth={1.5} strokeDasharray="4 3" dot={{ r: 2.5 }} connectNulls={false} isAnimationActive={false} />
            ))}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
