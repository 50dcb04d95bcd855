"use client";

import { Line, LineChart, ResponsiveContainer } from "recharts";

/** A small trend line for a table row: no axes, just the shape. */
export function Sparkline({ values, color = "var(--chart-2)" }: { values: number[]; color?: string }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <div className="h-8 w-28">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 112, height: 32 }}>
        <LineChart data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <Line type="monotone" dataKey="v" stroke={color} strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
