"use client";

import { callAction } from "@/components/use-action";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Pause, RotateCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/input";
import { realtimeWindow, REALTIME_WINDOWS_HOURS } from "@/lib/analytics/ranges";
import type { ActivityOption, RealtimeResponse } from "@/lib/analytics/schemas";
import { ALL_CHANNELS, REALTIME_BUCKET_SECONDS, SMS_CHANNEL } from "@/lib/statistics";
import { AnalyticsHeader, NoActivity } from "./analytics-header";
import { realtimeViewAction } from "@/app/(app)/analytics/actions";
import { ChartPanel } from "./chart-panel";
import { ChannelSelect } from "./filters";
import { useAnalyticsFormat } from "./format";
import { Skeleton } from "@/components/ui/skeleton";
import { RealtimeChart } from "./charts";
import { useAnalyticsParams } from "./use-analytics-params";
import { useChartsDrawnMark } from "./use-charts-drawn";

/** How often the chart asks for new buckets while the tab is visible. */
export const REALTIME_REFRESH_MS = 15_000;

function subscribeVisibility(onChange: () => void) {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}

function useTabVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState === "visible", () => true);
}

export function RealtimeDashboard({ activities }: { activities: ActivityOption[] }) {
  const t = useTranslations("analytics.realtime");
  const ts = useTranslations("analytics.states");
  const params = useAnalyticsParams();
  const { activityId, channelId, hours } = params;
  const activity = activities.find((a) => a.id === activityId);
  const fmt = useAnalyticsFormat(activity);
  const visible = useTabVisible();

  // The chart and the channel list come from one server action; the refresh calls it again.
  const series = useQuery({
    queryKey: ["analytics", "realtime", activityId, channelId, hours],
    queryFn: async () => {
      const window = realtimeWindow(Date.now() / 1000, hours);
      const answer = await callAction(realtimeViewAction, { activityId, channelId, beginDate: window.beginDate, endDate: window.endDate });
      return { ...answer, ...window, fetchedAt: Date.now() };
    },
    enabled: activityId !== "",
    placeholderData: keepPreviousData,
    staleTime: 0,
    // TanStack Query stops the interval while the tab is hidden and refetches when it comes back.
    refetchInterval: REALTIME_REFRESH_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  });
  useChartsDrawnMark(activityId !== "" && !series.isPending);

  const channelIds = [
    ...new Set([SMS_CHANNEL, ...(activity?.channels.map((c) => c.id) ?? []), ...(series.data?.channelIds ?? []).filter((id) => id !== ALL_CHANNELS)]),
  ];
  const status = activityId ? (
    <div className="flex items-center gap-2 text-xs text-muted-foreground" data-testid="realtime-status">
      {visible ? (
        <span className="relative flex h-2 w-2">
          <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-success opacity-60" />
          <span className="relative inline-flex h-2 w-2 rounded-full bg-success" />
        </span>
      ) : (
        <Pause className="h-3 w-3" aria-hidden />
      )}
      <span>{visible ? t("live") : t("paused")}</span>
      {series.data ? (
        <span data-testid="last-updated">
          · {t("lastUpdated", { time: fmt.time(series.data.fetchedAt / 1000) })}
        </span>
      ) : null}
      <button
        type="button"
        onClick={() => series.refetch()}
        className="inline-flex h-7 items-center gap-1 rounded-md border border-border px-2 hover:bg-muted"
        aria-label={t("refresh")}
      >
        <RotateCw className={cn("h-3 w-3", series.isFetching && "animate-spin")} aria-hidden />
        <span className="hidden sm:inline">{t("refresh")}</span>
      </button>
    </div>
  ) : null;

  const totals = (d: RealtimeResponse) => d.points.reduce((s, p) => ({ h5: s.h5 + p.h5Users, wxapp: s.wxapp + p.wxappUsers }), { h5: 0, wxapp: 0 });

  return (
    <>
      <AnalyticsHeader page="realtime" activities={activities} params={params} status={status}>
        <label className="flex items-center gap-2 text-xs text-muted-foreground">
          <span className="shrink-0">{t("window")}</span>
          <Select value={String(hours)} onChange={(e) => params.update({ hours: e.target.value })} className="h-9 w-auto" data-testid="window-select">
            {REALTIME_WINDOWS_HOURS.map((h) => (
              <option key={h} value={h}>
                {t("lastHours", { hours: h })}
              </option>
            ))}
          </Select>
        </label>
        <ChannelSelect channels={channelIds} value={channelId} onChange={(id) => params.update({ channel: id })} activity={activity} />
      </AnalyticsHeader>
      {activityId === "" ? (
        <NoActivity />
      ) : (
        <ChartPanel
          id="realtime"
          title={t("chartTitle", { channel: fmt.channel(channelId) })}
          description={t("chartDescription", { hours })}
          query={series}
          isEmpty={(d) => d.points.every((p) => p.h5Users === 0 && p.wxappUsers === 0)}
          empty={{ title: ts("emptyTitle"), description: t("empty", { hours }) }}
          csvName={["realtime", channelId, activityId]}
          skeleton={<Skeleton className="h-80" />}
          table={(d) => ({
            columns: [
              { key: "time", label: t("columns.time"), format: (v) => fmt.time(Date.parse(String(v)) / 1000) },
              { key: "h5Users", label: t("series.h5Users"), numeric: true, format: (v) => fmt.count(Number(v)) },
              { key: "wxappUsers", label: t("series.wxappUsers"), numeric: true, format: (v) => fmt.count(Number(v)) },
              { key: "conversionRate", label: t("series.conversionRate"), numeric: true, format: (v) => fmt.percent(Number(v)) },
            ],
            // Newest first: the table is read for what just happened.
            rows: [...d.points].reverse().map((p) => ({ time: new Date(p.time * 1000).toISOString(), h5Users: p.h5Users, wxappUsers: p.wxappUsers, conversionRate: p.conversionRate })),
          })}
        >
          {(d) => {
            const sum = totals(d);
            const live = d.points.find((p) => p.time === d.liveBucket);
            return (
              <div>
                <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="realtime-summary" data-h5={sum.h5} data-wxapp={sum.wxapp} data-begin={d.beginDate} data-end={d.endDate}>
                  <Figure label={t("summary.h5", { hours })} value={fmt.count(sum.h5)} color="var(--chart-2)" />
                  <Figure label={t("summary.wxapp", { hours })} value={fmt.count(sum.wxapp)} color="var(--chart-1)" />
                  <Figure label={t("summary.rate")} value={fmt.percent(sum.h5 ? sum.wxapp / sum.h5 : 0)} color="var(--chart-3)" />
                  <Figure label={t("summary.live")} value={`${fmt.count(live?.h5Users ?? 0)} / ${fmt.count(live?.wxappUsers ?? 0)}`} color="var(--primary)" />
                </dl>
                <RealtimeChart points={d.points} liveBucket={d.liveBucket} bucketSeconds={REALTIME_BUCKET_SECONDS} time={fmt.time} count={fmt.count} percent={(r) => fmt.percent(r, 0)} />
              </div>
            );
          }}
        </ChartPanel>
      )}
    </>
  );
}

function Figure({ label, value, color }: { label: string; value: string; color: string }) {
  return (
    <div className="min-w-0 rounded-md bg-muted/60 px-3 py-2">
      <dt className="flex items-center gap-1.5 truncate text-xs text-muted-foreground">
        <span className="h-2 w-2 shrink-0 rounded-full" style={{ background: color }} aria-hidden />
        {label}
      </dt>
      <dd className="mt-0.5 text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}
