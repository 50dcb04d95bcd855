import { decodeOverview, decodeRealtime, fetchAllPages, realtimeChart, type OverviewRow, type RealtimeChartPoint } from "@/lib/statistics";
import type { WechatClient } from "@/lib/wechat";
import type { ConversionRequest, OverviewRequest, RealtimeRequest } from "./schemas";

/** Overview rows: one `all` row (byChannel "0") or one row per channel (byChannel "1"). Empty when WeChat has no data. */
export async function getOverview(wechat: WechatClient, q: OverviewRequest): Promise<OverviewRow[]> {
  const pages = await fetchAllPages((page) =>
    wechat.getStatistics({
      action: "smsMarketingOverviewData",
      beginDate: q.beginDate,
      endDate: q.endDate,
      condition: { activityId: q.activityId, byChannelId: q.byChannel },
      ...page,
    }),
  );
  return decodeOverview(pages);
}

/** One channel's conversion row (the funnel), or null when there is none. */
export async function getConversion(wechat: WechatClient, q: ConversionRequest): Promise<OverviewRow | null> {
  const pages = await fetchAllPages((page) =>
    wechat.getStatistics({
      action: "smsMarketingConversionData",
      beginDate: q.beginDate,
      endDate: q.endDate,
      condition: { activityId: q.activityId, channelId: q.channelId },
      ...page,
    }),
  );
  return decodeOverview(pages)[0] ?? null;
}

/** H5 and mini-program users per 5 minutes over the window, zero-filled, with the conversion rate. */
export async function getRealtime(wechat: WechatClient, q: RealtimeRequest): Promise<RealtimeChartPoint[]> {
  const series = (actType: "h5" | "wxapp") =>
    wechat
      .getStatistics({
        action: "smsMarketingRealTimeData",
        beginDate: q.beginDate,
        endDate: q.endDate,
        condition: { activityId: q.activityId, channelId: q.channelId, actType },
      })
      .then(decodeRealtime);
  const [h5, wxapp] = await Promise.all([series("h5"), series("wxapp")]);
  return realtimeChart(h5, wxapp, { begin: q.beginDate, end: q.endDate });
}
