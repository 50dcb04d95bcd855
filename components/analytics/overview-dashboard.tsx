"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link2, MessageSquareText, MousePointerClick, Percent, Smartphone } from "lucide-react";
import { useTranslations } from "next-intl";
import { periodChange } from "@/lib/analytics/compare";
import type { ActivityOption, OverviewResponse } from "@/lib/analytics/schemas";
import { ALL_CHANNELS, channelShares, type OverviewRow } from "@/lib/statistics";
import { AnalyticsHeader, NoActivity } from "./analytics-header";
import { fetchAnalytics } from "./api";
import { ChannelPie } from "./charts";
import { ChartPanel } from "./chart-panel";
import { RangePicker } from "./filters";
import { useAnalyticsFormat } from "./format";
import { LoadingPanel, Skeleton } from "./loading-panel";
import { StatTile } from "./stat-tile";
import { useAnalyticsParams } from "./use-analytics-params";
import { useChartsDrawnMark } from "./use-charts-drawn";

type Range = { beginDate: number; endDate: number };

function useOverview(activityId: string, range: Range, byChannel: "0" | "1") {
  return useQuery({
    queryKey: ["analytics", "overview", activityId, range.beginDate, range.endDate, byChannel],
    queryFn: ({ signal }) => fetchAnalytics<OverviewResponse>("overview", { activityId, ...range, byChannel }, signal),
    enabled: activityId !== "",
    placeholderData: keepPreviousData,
  });
}

const TILES = [
  { id: "smsSent", metric: "smsSendUsers", kind: "count", icon: MessageSquareText },
  { id: "h5Users", metric: "h5OpenUsers", kind: "count", icon: MousePointerClick },
  { id: "wxappUsers", metric: "jumpWxappUsers", kind: "count", icon: Smartphone },
  { id: "h5SmsRate", metric: "h5SmsRate", kind: "rate", icon: Percent },
  { id: "jumpH5Rate", metric: "jumpH5Rate", kind: "rate", icon: Link2 },
] as const;

const totalsOf = (rows: OverviewRow[] | undefined) => rows?.find((r) => r.channelId === ALL_CHANNELS) ?? rows?.[0];

export function OverviewDashboard({ activities }: { activities: ActivityOption[] }) {
  const t = useTranslations("analytics.overview");
  const ts = useTranslations("analytics.states");
  const params = useAnalyticsParams();
  const activity = activities.find((a) => a.id === params.activityId);
  const fmt = useAnalyticsFormat(activity);
  const current = useOverview(params.activityId, params.unix, "0");
  const previous = useOverview(params.activityId, params.previous, "0");
  const byChannel = useOverview(params.activityId, params.unix, "1");
  useChartsDrawnMark(params.activityId !== "" && [current, previous, byChannel].every((q) => !q.isPending));

  const comparedTo = fmt.dayRange(params.previous.range);
  const empty = {
    title: ts("emptyTitle"),
    description: ts("emptyOverview", { range: fmt.dayRange(params.range) }),
  };
  const csvBase = [params.activityId, `${params.range.from}_${params.range.to}`];

  // Tiles wait for the previous period too, so the changes never jump in after the figures.
  const tilesQuery = {
    data: current.data && previous.data ? { now: totalsOf(current.data.rows), before: totalsOf(previous.data.rows) } : undefined,
    error: current.error ?? previous.error,
    isPending: current.isPending || previous.isPending,
    isFetching: current.isFetching || previous.isFetching,
    refetch: () => Promise.all([current.refetch(), previous.refetch()]),
  };

  return (
    <>
      <AnalyticsHeader page="overview" activities={activities} params={params}>
        <RangePicker params={params} showComparison />
      </AnalyticsHeader>
      {params.activityId === "" ? (
        <NoActivity />
      ) : (
        <div className="space-y-6">
          <LoadingPanel
            query={tilesQuery}
            isEmpty={(d) => !d.now}
            empty={empty}
            className="min-h-28"
            skeleton={
              <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
                {TILES.map((tile) => (
                  <Skeleton key={tile.id} className="h-[106px]" />
                ))}
              </div>
            }
          >
            {({ now, before }) => (
              <section aria-label={t("tilesLabel")} className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5" data-testid="tiles">
                {TILES.map((tile, i) => {
                  const value = now![tile.metric];
                  return (
                    <div key={tile.id} className={i === 0 ? "col-span-2 md:col-span-1" : undefined}>
                      <StatTile
                        id={tile.id}
                        label={t(`tiles.${tile.id}`)}
                        raw={value}
                        value={tile.kind === "count" ? fmt.count(value) : fmt.percent(value)}
                        change={periodChange(value, before ? before[tile.metric] : 0)}
                        kind={tile.kind}
                        comparedTo={comparedTo}
                        icon={<tile.icon className="h-3.5 w-3.5" aria-hidden />}
                      />
                    </div>
                  );
                })}
              </section>
            )}
          </LoadingPanel>

          <div className="grid gap-6 lg:grid-cols-2">
            {(["h5OpenUsers", "jumpWxappUsers"] as const).map((metric) => {
              const id = metric === "h5OpenUsers" ? "h5ByChannel" : "wxappByChannel";
              const slicesOf = (d: OverviewResponse) => channelShares(d.rows, metric);
              return (
                <ChartPanel
                  key={id}
                  id={id}
                  title={t(`pies.${id}.title`)}
                  description={t(`pies.${id}.description`)}
                  query={byChannel}
                  isEmpty={(d) => slicesOf(d).every((s) => s.count === 0)}
                  empty={empty}
                  csvName={[id, ...csvBase]}
                  skeleton={
                    <div className="flex items-center gap-6">
                      <Skeleton className="h-44 w-44 rounded-full" />
                      <div className="flex-1 space-y-2">
                        {[0, 1, 2, 3].map((i) => (
                          <Skeleton key={i} className="h-4" />
                        ))}
                      </div>
                    </div>
                  }
                  table={(d) => ({
                    columns: [
                      { key: "channel", label: t("columns.channel") },
                      { key: "channelId", label: t("columns.channelId") },
                      { key: "users", label: t("columns.users"), numeric: true, format: (v) => fmt.count(Number(v)) },
                      { key: "share", label: t("columns.share"), numeric: true, format: (v) => fmt.percent(Number(v)) },
                    ],
                    rows: slicesOf(d).map((s) => ({ channel: fmt.channel(s.channelId), channelId: s.channelId, users: s.count, share: s.share })),
                  })}
                >
                  {(d) => (
                    <ChannelPie id={id} slices={slicesOf(d)} channelName={fmt.channel} count={fmt.count} percent={(r) => fmt.percent(r)} totalLabel={t(`pies.${id}.total`)} />
                  )}
                </ChartPanel>
              );
            })}
          </div>

          <ChartPanel
            id="sendTasks"
            chartless
            title={t("tasks.title")}
            description={t("tasks.description")}
            query={current}
            isEmpty={(d) => (totalsOf(d.rows)?.smsSendList.length ?? 0) === 0}
            empty={{ title: t("tasks.emptyTitle"), description: t("tasks.emptyText") }}
            csvName={["send-tasks", ...csvBase]}
            skeleton={
              <div className="space-y-3">
                {[0, 1, 2].map((i) => (
                  <Skeleton key={i} className="h-6" />
                ))}
              </div>
            }
            table={(d) => {
              const total = totalsOf(d.rows)!;
              return {
                columns: [
                  { key: "taskId", label: t("columns.taskId") },
                  { key: "numbers", label: t("columns.numbers"), numeric: true, format: (v) => fmt.count(Number(v)) },
                  { key: "share", label: t("columns.shareOfTotal"), numeric: true, format: (v) => fmt.percent(Number(v)) },
                ],
                rows: total.smsSendList.map((task) => ({ taskId: task.taskId, numbers: task.count, share: total.smsSendUsers ? task.count / total.smsSendUsers : 0 })),
              };
            }}
          >
            {(d) => <SendTasks row={totalsOf(d.rows)!} count={fmt.count} />}
          </ChartPanel>
        </div>
      )}
    </>
  );
}

function SendTasks({ row, count }: { row: OverviewRow; count: (n: number) => string }) {
  const t = useTranslations("analytics.overview.tasks");
  const max = Math.max(1, ...row.smsSendList.map((task) => task.count));
  return (
    <div>
      <ul className="space-y-2" data-testid="send-tasks">
        {row.smsSendList.map((task) => (
          <li key={task.taskId} className="grid grid-cols-[minmax(0,10rem)_1fr_auto] items-center gap-3 text-sm" data-task={task.taskId} data-count={task.count}>
            <span className="truncate font-mono text-xs" title={task.taskId}>
              {task.taskId}
            </span>
            <span className="h-2 rounded-full bg-muted">
              <span className="block h-2 rounded-full" style={{ width: `${(task.count / max) * 100}%`, background: "var(--chart-1)" }} />
            </span>
            <span className="tabular-nums font-medium">{count(task.count)}</span>
          </li>
        ))}
      </ul>
      <p className="mt-4 border-t border-border pt-3 text-xs text-muted-foreground">
        {t("sum", { tasks: row.smsSendList.length, numbers: count(row.smsSendUsers) })}
      </p>
    </div>
  );
}
