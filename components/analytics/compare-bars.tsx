"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { TOOLTIP_STYLE } from "./chart-colors";

/** One bar per activity for the chosen column, largest first. */
export function CompareBars({ bars, label, format }: { bars: { name: string; value: number }[]; label: string; format: (n: number) => string }) {
  return (
    <div style={{ height: Math.max(160, bars.length * 30 + 40) }} data-testid="compare-bars">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 240 }}>
        <BarChart data={bars} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }} barCategoryGap="24%">
          <CartesianGrid horizontal={false} stroke="var(--border)" />
          <XAxis type="number" tickLine={false} axisLine={false} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} tickFormatter={(v) => format(Number(v))} />
          <YAxis type="category" dataKey="name" width={120} tickLine={false} axisLine={false} tick={{ fill: "var(--foreground)", fontSize: 12 }} />
          <Tooltip {...TOOLTIP_STYLE} cursor={{ fill: "var(--muted)", opacity: 0.5 }} formatter={(value) => [format(Number(value)), label]} />
          <Bar dataKey="value" fill="var(--chart-2)" radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
