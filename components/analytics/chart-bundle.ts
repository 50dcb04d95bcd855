// Everything that needs Recharts, in one chunk (see charts.tsx).
export { ChannelComparison } from "./channel-comparison";
export { ChannelPie } from "./channel-pie";
export { FunnelChart } from "./funnel-chart";
export { RealtimeChart } from "./realtime-chart";
export { TrendChart } from "./trend-chart";
export { Sparkline } from "./sparkline";
export { CompareBars } from "./compare-bars";
