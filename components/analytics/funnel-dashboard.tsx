"use client";

import { callAction } from "@/components/use-action";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { ActivityOption, ConversionResponse, OverviewResponse } from "@/lib/analytics/schemas";
import { ALL_CHANNELS, SMS_CHANNEL, smsFunnel } from "@/lib/statistics";
import { AnalyticsHeader, NoActivity } from "./analytics-header";
import { funnelViewAction } from "@/app/(app)/analytics/actions";
import type { FunnelView } from "@/lib/analytics/views";
import { ChannelComparison, FunnelChart } from "./charts";
import { ChartPanel } from "./chart-panel";
import { ChannelSelect, RangePicker } from "./filters";
import { useAnalyticsFormat } from "./format";
import { Skeleton } from "@/components/ui/skeleton";
import { useAnalyticsParams } from "./use-analytics-params";
import { useChartsDrawnMark } from "./use-charts-drawn";

export function FunnelDashboard({ activities }: { activities: ActivityOption[] }) {
  const t = useTranslations("analytics.funnel");
  const ts = useTranslations("analytics.states");
  const params = useAnalyticsParams();
  const { activityId, channelId, unix } = params;
  const activity = activities.find((a) => a.id === activityId);
  const fmt = useAnalyticsFormat(activity);

  // One server action gathers the view; each panel selects its part of the same cached answer.
  const view = {
    queryKey: ["analytics", "funnel", activityId, channelId, unix.beginDate, unix.endDate],
    queryFn: () => callAction(funnelViewAction, { activityId, channelId, ...unix }),
    enabled: activityId !== "",
    placeholderData: keepPreviousData,
  };
  const conversion = useQuery({ ...view, select: (v: FunnelView): ConversionResponse => ({ row: v.row }) });
  const channels = useQuery({ ...view, select: (v: FunnelView): OverviewResponse => ({ rows: v.channels }) });
  useChartsDrawnMark(activityId !== "" && !conversion.isPending && !channels.isPending);

  const channelRows = (channels.data?.rows ?? []).filter((r) => r.channelId !== ALL_CHANNELS);
  const channelIds = [...new Set([SMS_CHANNEL, ...(activity?.channels.map((c) => c.id) ?? []), ...channelRows.map((r) => r.channelId)])];
  const empty = { title: ts("emptyTitle"), description: ts("emptyOverview", { range: fmt.dayRange(params.range) }) };
  const csvBase = [activityId, `${params.range.from}_${params.range.to}`];
  const funnelOf = (d: ConversionResponse) => (d.row ? smsFunnel(d.row) : []);

  return (
    <>
      <AnalyticsHeader page="funnel" activities={activities} params={params}>
        <RangePicker params={params} />
        <ChannelSelect channels={channelIds} value={channelId} onChange={(id) => params.update({ channel: id })} activity={activity} />
      </AnalyticsHeader>
      {activityId === "" ? (
        <NoActivity />
      ) : (
        <div className="space-y-6">
          <ChartPanel
            id="funnel"
            title={t("chartTitle", { channel: fmt.channel(channelId) })}
            description={t("chartDescription", { range: fmt.dayRange(params.range) })}
            query={conversion}
            isEmpty={(d) => !d.row || funnelOf(d).every((s) => s.count === 0)}
            empty={empty}
            csvName={["funnel", channelId, ...csvBase]}
            skeleton={
              <div>
                <div className="flex h-64 items-end gap-6 px-10">
                  {[100, 60, 30].map((h) => (
                    <Skeleton key={h} className="flex-1" />
                  ))}
                </div>
                <div className="mt-4 grid grid-cols-3 gap-3">
                  {[0, 1, 2].map((i) => (
                    <Skeleton key={i} className="h-24" />
                  ))}
                </div>
              </div>
            }
            table={(d) => ({
              columns: [
                { key: "step", label: t("columns.step") },
                { key: "count", label: t("columns.count"), numeric: true, format: (v) => fmt.count(Number(v)) },
                { key: "fromPrevious", label: t("fromPrevious"), numeric: true, format: (v) => fmt.percent(Number(v)) },
                { key: "fromFirst", label: t("fromFirst"), numeric: true, format: (v) => fmt.percent(Number(v)) },
                { key: "dropped", label: t("columns.dropped"), numeric: true, format: (v) => fmt.count(Number(v)) },
                { key: "dropOff", label: t("dropOff"), numeric: true, format: (v) => fmt.percent(Number(v)) },
              ],
              rows: funnelOf(d).map((s) => ({ step: t(`steps.${s.key}`), count: s.count, fromPrevious: s.rateFromPrevious, fromFirst: s.rateFromFirst, dropped: s.dropped, dropOff: s.dropOff })),
            })}
          >
            {(d) => <FunnelChart steps={funnelOf(d)} count={fmt.count} percent={(r) => fmt.percent(r)} />}
          </ChartPanel>

          <ChartPanel
            id="channels"
            title={t("compare.title")}
            description={t("compare.description")}
            query={channels}
            isEmpty={(d) => d.rows.filter((r) => r.channelId !== ALL_CHANNELS).length === 0}
            empty={empty}
            csvName={["channels", ...csvBase]}
            skeleton={
              <div className="space-y-3">
                {[0, 1, 2, 3].map((i) => (
                  <Skeleton key={i} className="h-8" />
                ))}
              </div>
            }
            table={(d) => ({
              columns: [
                { key: "channel", label: t("compare.channel") },
                { key: "sms", label: t("steps.smsSent"), numeric: true, format: (v) => fmt.count(Number(v)) },
                { key: "h5", label: t("compare.h5"), numeric: true, format: (v) => fmt.count(Number(v)) },
                { key: "wxapp", label: t("compare.wxapp"), numeric: true, format: (v) => fmt.count(Number(v)) },
                { key: "h5SmsRate", label: t("compare.h5SmsRate"), numeric: true, format: (v) => fmt.percent(Number(v)) },
                { key: "rate", label: t("compare.rate"), numeric: true, format: (v) => fmt.percent(Number(v)) },
              ],
              rows: d.rows
                .filter((r) => r.channelId !== ALL_CHANNELS)
                .map((r) => ({ channel: fmt.channel(r.channelId), sms: r.smsSendUsers, h5: r.h5OpenUsers, wxapp: r.jumpWxappUsers, h5SmsRate: r.h5SmsRate, rate: r.jumpH5Rate })),
            })}
          >
            {(d) => (
              <ChannelComparison rows={d.rows.filter((r) => r.channelId !== ALL_CHANNELS)} channelName={fmt.channel} count={fmt.count} percent={(r) => fmt.percent(r)} />
            )}
          </ChartPanel>
        </div>
      )}
    </>
  );
}
