"use client";

import { useTranslations } from "next-intl";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RealtimeChartPoint } from "@/lib/statistics";
import { TOOLTIP_STYLE } from "./chart-colors";

const SERIES = { h5Users: "var(--chart-2)", wxappUsers: "var(--chart-1)", conversionRate: "var(--chart-3)" } as const;

/**
 * H5 and mini-program users per 5 minutes on the left axis, the conversion rate on the right. The last bucket is
 * still filling up: it is shaded and marked "now" so a dip there is not read as a drop.
 */
export function RealtimeChart({
  points,
  liveBucket,
  bucketSeconds,
  time,
  count,
  percent,
}: {
  points: RealtimeChartPoint[];
  liveBucket: number;
  bucketSeconds: number;
  time: (s: number) => string;
  count: (n: number) => string;
  percent: (r: number) => string;
}) {
  const t = useTranslations("analytics.realtime");
  const label = (key: string) => t(`series.${key}`);
  // A tick every hour at most, whatever the window.
  const hourTicks = points.filter((p) => p.time % 3600 === 0).map((p) => p.time);
  const ticks = hourTicks.length > 12 ? hourTicks.filter((_, i) => i % 2 === 0) : hourTicks.length >= 2 ? hourTicks : undefined;
  return (
    <div className="h-80" data-testid="realtime-chart">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 320 }}>
        <ComposedChart data={points} margin={{ top: 8, right: 0, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="rt-h5" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={SERIES.h5Users} stopOpacity={0.28} />
              <stop offset="100%" stopColor={SERIES.h5Users} stopOpacity={0.02} />
            </linearGradient>
            <linearGradient id="rt-wxapp" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={SERIES.wxappUsers} stopOpacity={0.3} />
              <stop offset="100%" stopColor={SERIES.wxappUsers} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={["dataMin", liveBucket + bucketSeconds]}
            ticks={ticks}
            tickFormatter={(v) => time(Number(v))}
            tickLine={false}
            axisLine={false}
            minTickGap={24}
            tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
          />
          <YAxis yAxisId="users" allowDecimals={false} tickLine={false} axisLine={false} width={40} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} tickFormatter={(v) => count(Number(v))} />
          <YAxis
            yAxisId="rate"
            orientation="right"
            // A fixed 0-100 % scale: a rate jumping about on few users should not look like a trend.
            domain={[0, (max: number) => (max > 1 ? Math.ceil(max * 4) / 4 : 1)]}
            ticks={[0, 0.25, 0.5, 0.75, 1]}
            tickLine={false}
            axisLine={false}
            width={44}
            tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
            tickFormatter={(v) => percent(Number(v))}
          />
          <ReferenceArea yAxisId="users" x1={liveBucket} x2={liveBucket + bucketSeconds} fill="var(--primary)" fillOpacity={0.08} ifOverflow="extendDomain" />
          <ReferenceLine
            yAxisId="users"
            x={liveBucket}
            stroke="var(--primary)"
            strokeDasharray="3 3"
            label={{ value: t("now"), position: "insideTopRight", fill: "var(--primary)", fontSize: 11 }}
          />
          <Tooltip
            {...TOOLTIP_STYLE}
            labelFormatter={(v) => {
              const start = Number(v);
              return `${time(start)}–${time(start + bucketSeconds)}${start === liveBucket ? ` · ${t("filling")}` : ""}`;
            }}
            formatter={(value, name) => [name === "conversionRate" ? percent(Number(value)) : count(Number(value)), label(String(name))]}
          />
          <Legend verticalAlign="top" height={28} itemSorter={(item) => Object.keys(SERIES).indexOf(String(item.dataKey))} iconType="circle" iconSize={8} formatter={(v) => <span className="text-xs text-muted-foreground">{label(String(v))}</span>} />
          <Area yAxisId="users" type="monotone" dataKey="h5Users" stroke={SERIES.h5Users} strokeWidth={2} fill="url(#rt-h5)" isAnimationActive={false} dot={false} />
          <Area yAxisId="users" type="monotone" dataKey="wxappUsers" stroke={SERIES.wxappUsers} strokeWidth={2} fill="url(#rt-wxapp)" isAnimationActive={false} dot={false} />
          <Line yAxisId="rate" type="monotone" dataKey="conversionRate" stroke={SERIES.conversionRate} strokeWidth={1.5} strokeDasharray="4 3" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
