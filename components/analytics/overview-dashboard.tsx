"use client";

import { callAction } from "@/components/use-action";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Coins, Link2, MessageSquareText, MousePointerClick, Percent, Smartphone, Wallet } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { overviewViewAction } from "@/app/(app)/analytics/actions";
import { periodChange } from "@/lib/analytics/compare";
import type { ActivityOption } from "@/lib/analytics/schemas";
import type { OverviewTask, OverviewView } from "@/lib/analytics/views";
import { channelShares } from "@/lib/statistics";
import { AnalyticsHeader, NoActivity } from "./analytics-header";
import { ChannelPie, TrendChart } from "./charts";
import { DataFreshness } from "./data-freshness";
import { TREND_SERIES, type TrendSeries } from "./trend-series";
import { ChartPanel } from "./chart-panel";
import { RangePicker } from "./filters";
import { useAnalyticsFormat } from "./format";
import { PieSkeleton, Skeleton, TilesSkeleton } from "@/components/ui/skeleton";
import { LoadingPanel } from "./loading-panel";
import { StatTile } from "./stat-tile";
import { useAnalyticsParams } from "./use-analytics-params";
import { useChartsDrawnMark } from "./use-charts-drawn";

/** The whole view from one server action; panels select their part of the same cached answer. */
function useOverviewView(activityId: string, range: { from: string; to: string }) {
  return useQuery({
    queryKey: ["analytics", "overview", activityId, range.from, range.to],
    queryFn: () => callAction(overviewViewAction, { activityId, from: range.from, to: range.to }),
    enabled: activityId !== "",
    placeholderData: keepPreviousData,
    // Today's point is fetched live (the server keeps it at most 20 s old): a send shows within a minute.
    refetchInterval: 20_000,
    refetchIntervalInBackground: false,
  });
}

const TILES = [
  { id: "smsSent", metric: "smsSendUsers", kind: "count", icon: MessageSquareText },
  { id: "h5Users", metric: "h5OpenUsers", kind: "count", icon: MousePointerClick },
  { id: "wxappUsers", metric: "jumpWxappUsers", kind: "count", icon: Smartphone },
  { id: "h5SmsRate", metric: "h5SmsRate", kind: "rate", icon: Percent },
  { id: "jumpH5Rate", metric: "jumpH5Rate", kind: "rate", icon: Link2 },
] as const;

const COST_TILES = [
  { id: "cost", metric: "cost", icon: Wallet },
  { id: "costPerH5User", metric: "costPerH5User", icon: Coins },
  { id: "costPerWxappUser", metric: "costPerWxappUser", icon: Coins },
] as const;

const DEFAULT_SERIES: TrendSeries[] = ["smsSent", "h5Users", "wxappUsers", "h5SmsRate"];

export function OverviewDashboard({ activities }: { activities: ActivityOption[] }) {
  const t = useTranslations("analytics.overview");
  const ts = useTranslations("analytics.states");
  const params = useAnalyticsParams();
  const activity = activities.find((a) => a.id === params.activityId);
  const fmt = useAnalyticsFormat(activity);
  const view = useOverviewView(params.activityId, params.range);
  const [series, setSeries] = useState<TrendSeries[]>(DEFAULT_SERIES);
  useChartsDrawnMark(params.activityId !== "" && !view.isPending);

  const comparedTo = fmt.dayRange(params.previous.range);
  const empty = {
    title: ts("emptyTitle"),
    description: ts("emptyOverview", { range: fmt.dayRange(params.range) }),
  };
  const csvBase = [params.activityId, `${params.range.from}_${params.range.to}`];

  const tilesQuery = { ...view, data: view.data ? { now: view.data.totals, before: view.data.previousTotals } : undefined };

  return (
    <>
      <AnalyticsHeader page="overview" activities={activities} params={params}>
        <RangePicker params={params} showComparison />
      </AnalyticsHeader>
      {params.activityId === "" ? (
        <NoActivity />
      ) : (
        <div className="space-y-6">
          {view.data ? <DataFreshness freshness={view.data.freshness} /> : null}
          <LoadingPanel
            query={tilesQuery}
            isEmpty={(d) => !d.now}
            empty={empty}
            className="min-h-28"
            skeleton={<TilesSkeleton count={TILES.length} className="md:grid-cols-3 xl:grid-cols-5" />}
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

          {view.data && view.data.cost.current.billedSegments + view.data.cost.previous.billedSegments > 0 ? (
            <section aria-label={t("costs.label")} className="grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="cost-tiles">
              {COST_TILES.map((tile) => {
                const now = view.data!.cost.current[tile.metric];
                const before = view.data!.cost.previous[tile.metric];
                return (
                  <StatTile
                    key={tile.id}
                    id={tile.id}
                    label={t(`costs.${tile.id}`)}
                    raw={now ?? Number.NaN}
                    value={now === null ? "—" : fmt.money(now)}
                    change={now === null ? null : periodChange(now, before ?? 0)}
                    kind="money"
                    upIsGood={false}
                    comparedTo={comparedTo}
                    icon={<tile.icon className="h-3.5 w-3.5" aria-hidden />}
                  />
                );
              })}
              {view.data.cost.current.cost === null ? <p className="text-xs text-muted-foreground sm:col-span-3">{t("costs.noPrice")}</p> : null}
            </section>
          ) : null}

          <ChartPanel
            id="trend"
            title={t("trend.title")}
            description={t("trend.description")}
            query={view}
            isEmpty={(d) => d.trend.every((p) => p.pending)}
            empty={empty}
            csvName={["trend", ...csvBase]}
            skeleton={<Skeleton className="h-72" />}
            actions={<SeriesToggles value={series} onChange={setSeries} />}
            table={(d) => ({
              columns: [
                { key: "day", label: t("trend.columns.day"), format: (v) => fmt.day(String(v)) },
                ...(Object.keys(TREND_SERIES) as TrendSeries[]).map((key) => ({
                  key,
                  label: t(`trend.series.${key}`),
                  numeric: true,
                  format: (v: unknown) => (v === null || v === undefined || v === "" ? t("trend.pending") : TREND_SERIES[key].axis === "rate" ? fmt.percent(Number(v)) : fmt.count(Number(v))),
                })),
              ],
              rows: d.trend.map((p) => ({
                day: p.day,
                smsSent: p.pending ? null : p.smsSent,
                h5Users: p.pending ? null : p.h5Users,
                wxappUsers: p.pending ? null : p.wxappUsers,
                h5SmsRate: p.pending ? null : p.h5SmsRate,
                jumpH5Rate: p.pending ? null : p.jumpH5Rate,
              })),
            })}
          >
            {(d) => (
              <div data-testid="trend" data-points={JSON.stringify(d.trend.map((p) => [p.day, p.pending ? null : p.smsSent, p.pending ? null : p.h5Users, p.pending ? null : p.wxappUsers]))}>
                <TrendChart points={d.trend} visible={series} day={fmt.day} count={fmt.count} percent={(r) => fmt.percent(r, 0)} />
              </div>
            )}
          </ChartPanel>

          <div className="grid gap-6 lg:grid-cols-2">
            {(["h5OpenUsers", "jumpWxappUsers"] as const).map((metric) => {
              const id = metric === "h5OpenUsers" ? "h5ByChannel" : "wxappByChannel";
              const slicesOf = (d: OverviewView) => channelShares(d.channels, metric);
              return (
                <ChartPanel
                  key={id}
                  id={id}
                  title={t(`pies.${id}.title`)}
                  description={t(`pies.${id}.description`)}
                  query={view}
                  isEmpty={(d) => slicesOf(d).every((s) => s.count === 0)}
                  empty={empty}
                  csvName={[id, ...csvBase]}
                  skeleton={<PieSkeleton />}
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
            query={view}
            isEmpty={(d) => d.tasks.length === 0}
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
              const total = d.tasks.reduce((s, task) => s + task.reported, 0);
              const optional = (format: (n: number) => string) => (v: unknown) => (v === null || v === undefined || v === "" ? "—" : format(Number(v)));
              return {
                columns: [
                  { key: "taskId", label: t("columns.taskId") },
                  { key: "name", label: t("columns.taskName") },
                  { key: "numbers", label: t("columns.numbers"), numeric: true, format: (v) => fmt.count(Number(v)) },
                  { key: "share", label: t("columns.shareOfTotal"), numeric: true, format: (v) => fmt.percent(Number(v)) },
                  { key: "sent", label: t("columns.sent"), numeric: true, format: optional(fmt.count) },
                  { key: "failed", label: t("columns.failed"), numeric: true, format: optional(fmt.count) },
                  { key: "billedSegments", label: t("columns.billedSegments"), numeric: true, format: optional(fmt.count) },
                  { key: "cost", label: t("columns.cost"), numeric: true, format: optional(fmt.money) },
                ],
                rows: d.tasks.map((task) => ({
                  taskId: task.taskId,
                  name: task.ledger?.name ?? "",
                  numbers: task.reported,
                  share: total ? task.reported / total : 0,
                  sent: task.ledger?.sent ?? null,
                  failed: task.ledger?.failed ?? null,
                  billedSegments: task.ledger?.billedSegments ?? null,
                  cost: task.ledger?.cost ?? null,
                })),
              };
            }}
          >
            {(d) => <SendTasks tasks={d.tasks} count={fmt.count} money={fmt.money} />}
          </ChartPanel>
        </div>
      )}
    </>
  );
}

function SendTasks({ tasks, count, money }: { tasks: OverviewTask[]; count: (n: number) => string; money: (n: number) => string }) {
  const t = useTranslations("analytics.overview.tasks");
  const max = Math.max(1, ...tasks.map((task) => task.reported));
  const total = tasks.reduce((s, task) => s + task.reported, 0);
  const cost = tasks.reduce((s, task) => s + (task.ledger?.cost ?? 0), 0);
  return (
    <div>
      <ul className="space-y-2" data-testid="send-tasks">
        {tasks.map((task) => (
          <li key={task.taskId} className="grid grid-cols-[minmax(0,10rem)_1fr_auto] items-center gap-3 text-sm" data-task={task.taskId} data-count={task.reported}>
            <span className="truncate text-xs" title={task.taskId}>
              {task.ledger?.name || <span className="font-mono">{task.taskId}</span>}
            </span>
            <span className="h-2 rounded-full bg-muted">
              <span className="block h-2 rounded-full" style={{ width: `${(task.reported / max) * 100}%`, background: "var(--chart-1)" }} />
            </span>
            <span className="text-right tabular-nums">
              <span className="font-medium">{count(task.reported)}</span>
              {task.ledger?.cost != null ? <span className="ml-2 text-xs text-muted-foreground">{money(task.ledger.cost)}</span> : null}
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-4 border-t border-border pt-3 text-xs text-muted-foreground">
        {t("sum", { tasks: tasks.length, numbers: count(total) })}
        {tasks.some((task) => task.ledger?.cost != null) ? ` · ${t("costSum", { cost: money(cost) })}` : null}
      </p>
    </div>
  );
}

function SeriesToggles({ value, onChange }: { value: TrendSeries[]; onChange: (v: TrendSeries[]) => void }) {
  const t = useTranslations("analytics.overview.trend");
  return (
    <div className="flex flex-wrap gap-1" role="group" aria-label={t("seriesLabel")}>
      {(Object.keys(TREND_SERIES) as TrendSeries[]).map((key) => {
        const on = value.includes(key);
        return (
          <button
            key={key}
            type="button"
            aria-pressed={on}
            data-series={key}
            onClick={() => onChange(on ? value.filter((v) => v !== key) : [...value, key])}
            className={`inline-flex h-6 items-center gap-1 rounded-full border px-2 text-[11px] ${on ? "border-border bg-muted text-foreground" : "border-dashed border-border text-muted-foreground"}`}
          >
            <span className="h-2 w-2 rounded-full" style={{ background: on ? TREND_SERIES[key].color : "transparent", border: `1px solid ${TREND_SERIES[key].color}` }} aria-hidden />
            {t(`series.${key}`)}
          </button>
        );
      })}
    </div>
  );
}
