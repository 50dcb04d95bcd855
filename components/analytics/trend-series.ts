/** The trend chart's series: colour and axis (counts left, rates right). Kept apart from Recharts so toggles load without it. */
export const TREND_SERIES = {
  smsSent: { color: "var(--chart-4)", axis: "count" },
  h5Users: { color: "var(--chart-2)", axis: "count" },
  wxappUsers: { color: "var(--chart-1)", axis: "count" },
  h5SmsRate: { color: "var(--chart-3)", axis: "rate" },
  jumpH5Rate: { color: "var(--chart-5)", axis: "rate" },
} as const;
export type TrendSeries = keyof typeof TREND_SERIES;
