"use client";

import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import type { ChannelShare } from "@/lib/statistics";
import { chartColor, TOOLTIP_STYLE } from "./chart-colors";

/**
 * A donut of one figure by channel, the total in the middle and a legend that carries every number (count and
 * share), so nothing depends on reading the colours.
 */
export function ChannelPie({
  id,
  slices,
  channelName,
  count,
  percent,
  totalLabel,
}: {
  id: string;
  slices: ChannelShare[];
  channelName: (id: string) => string;
  count: (n: number) => string;
  percent: (r: number) => string;
  totalLabel: string;
}) {
  const total = slices.reduce((s, c) => s + c.count, 0);
  const data = slices.map((s, i) => ({ ...s, name: channelName(s.channelId), color: chartColor(i) }));
  return (
    <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-center">
      <div className="relative h-44 w-44 shrink-0">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 176, height: 176 }}>
          <PieChart>
            <Pie data={data.filter((d) => d.count > 0)} dataKey="count" nameKey="name" innerRadius="62%" outerRadius="100%" paddingAngle={1.5} stroke="var(--card)" strokeWidth={2} isAnimationActive={false}>
              {data
                .filter((d) => d.count > 0)
                .map((d) => (
                  <Cell key={d.channelId} fill={d.color} />
                ))}
            </Pie>
            <Tooltip {...TOOLTIP_STYLE} formatter={(value) => count(Number(value))} />
          </PieChart>
        </ResponsiveContainer>
        <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center">
          <span className="text-xl font-semibold tabular-nums" data-pie-total={id}>
            {count(total)}
          </span>
          <span className="text-xs text-muted-foreground">{totalLabel}</span>
        </div>
      </div>
      <ul className="w-full min-w-0 flex-1 space-y-1.5 text-sm" data-legend={id}>
        {data.map((d) => (
          <li key={d.channelId} className="flex items-center gap-2" data-channel={d.channelId} data-count={d.count}>
            <span className="h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: d.color }} aria-hidden />
            <span className="min-w-0 flex-1 truncate" title={d.channelId}>
              {d.name}
            </span>
            <span className="tabular-nums font-medium">{count(d.count)}</span>
            <span className="w-14 text-right tabular-nums text-muted-foreground">{percent(d.share)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
