"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/**
 * The Recharts charts, loaded after the page's own code: Recharts is the largest part of an analytics page, so
 * the first paint (filters, tiles, skeletons) does not wait for it. The chunk is asked for as soon as a dashboard
 * renders, in parallel with the figures, so it is normally there before they are.
 */
const load = () => import("./chart-bundle");

export function preloadCharts(): void {
  void load();
}

export const ChannelPie = dynamic(() => load().then((m) => m.ChannelPie), { ssr: false, loading: () => <Skeleton className="h-44" /> });
export const FunnelChart = dynamic(() => load().then((m) => m.FunnelChart), { ssr: false, loading: () => <Skeleton className="h-64" /> });
export const ChannelComparison = dynamic(() => load().then((m) => m.ChannelComparison), { ssr: false, loading: () => <Skeleton className="h-48" /> });
export const RealtimeChart = dynamic(() => load().then((m) => m.RealtimeChart), { ssr: false, loading: () => <Skeleton className="h-80" /> });
export const TrendChart = dynamic(() => load().then((m) => m.TrendChart), { ssr: false, loading: () => <Skeleton className="h-72" /> });
export const Sparkline = dynamic(() => load().then((m) => m.Sparkline), { ssr: false, loading: () => <Skeleton className="h-8 w-28" /> });
export const CompareBars = dynamic(() => load().then((m) => m.CompareBars), { ssr: false, loading: () => <Skeleton className="h-64" /> });
