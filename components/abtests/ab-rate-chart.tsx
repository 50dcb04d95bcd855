"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { chartColor, TOOLTIP_STYLE } from "@/components/analytics/chart-colors";
import type { RatePoint } from "@/lib/abtests/results";

/** Each variant's cumulative rate on the criterion over the test so far, one line per variant. */
export default function AbRateChart({
  points, labels, metric, time, percent,
}: { points: RatePoint[]; labels: string[]; metric: "h5" | "wxapp"; time: (s: number) => string; percent: (r: number) => string }) {
  const data = points.map((p) => Object.fromEntries([["time", p.time], ...labels.map((l, i) => [l, p[metric][i]])]));
  return (
    <div className="h-64" data-testid="ab-rate-chart">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 800, height: 256 }}>
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={(v) => time(Number(v))}
            tickLine={false}
            axisLine={false}
            minTickGap={32}
            tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
          />
          <YAxis tickFormatter={(v) => percent(Number(v))} tickLine={false} axisLine={false} width={48} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} />
          <Tooltip {...TOOLTIP_STYLE} labelFormatter={(v) => time(Number(v))} formatter={(v) => percent(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {labels.map((l, i) => (
            <Line key={l} dataKey={l} name={l} type="monotone" stroke={chartColor(i)} strokeWidth={2} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
