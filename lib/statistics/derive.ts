/** What the charts show, derived from decoded rows. Pure functions. */
import { ALL_CHANNELS, ratio, SMS_CHANNEL, type OverviewRow, type RealtimePoint } from "./rows";

export interface ChannelShare {
  channelId: string;
  count: number;
  /** 0..1 of the total over the channels given. */
  share: number;
}

/**
 * A pie's slices: each channel's count of `metric` and its share of the total, largest first. The totals row
 * ("all") is left out; channels with nothing are kept (a pie can show them as 0).
 */
export function channelShares(rows: readonly OverviewRow[], metric: "h5OpenUsers" | "jumpWxappUsers" | "smsSendUsers"): ChannelShare[] {
  const channels = rows.filter((r) => r.channelId !== ALL_CHANNELS);
  const total = channels.reduce((sum, r) => sum + r[metric], 0);
  return channels
    .map((r) => ({ channelId: r.channelId, count: r[metric], share: ratio(r[metric], total) }))
    .sort((a, b) => b.count - a.count || a.channelId.localeCompare(b.channelId));
}

export interface FunnelInput<K extends string = string> {
  key: K;
  count: number;
}

export interface FunnelStep<K extends string = string> {
  key: K;
  count: number;
  /** count ÷ previous step's count (1 for the first step; 0 when the previous step is 0). */
  rateFromPrevious: number;
  /** count ÷ first step's count. */
  rateFromFirst: number;
  /** People lost since the previous step (never negative: forwarded links can add people). */
  dropped: number;
  /** dropped ÷ previous step's count. */
  dropOff: number;
}

export function funnelSteps<K extends string>(steps: readonly FunnelInput<K>[]): FunnelStep<K>[] {
  const first = steps[0]?.count ?? 0;
  return steps.map((step, i) => {
    const previous = i === 0 ? step.count : steps[i - 1].count;
    const dropped = i === 0 ? 0 : Math.max(0, previous - step.count);
    return {
      key: step.key,
      count: step.count,
      rateFromPrevious: i === 0 ? 1 : ratio(step.count, previous),
      rateFromFirst: i === 0 ? 1 : ratio(step.count, first),
      dropped,
      dropOff: i === 0 ? 0 : ratio(dropped, previous),
    };
  });
}

export type SmsFunnelKey = "smsSent" | "h5Opened" | "wxappOpened";

/** The SMS funnel of one channel's conversion row: sent → H5 opened → mini program opened. */
export function smsFunnel(row: Pick<OverviewRow, "channelId" | "smsSendUsers" | "h5OpenUsers" | "jumpWxappUsers">): FunnelStep<SmsFunnelKey>[] {
  const steps: { key: SmsFunnelKey; count: number }[] = [
    { key: "smsSent", count: row.smsSendUsers },
    { key: "h5Opened", count: row.h5OpenUsers },
    { key: "wxappOpened", count: row.jumpWxappUsers },
  ];
  // Channels other than SMS send nothing, so their funnel starts at the landing page (a first step of 0 would
  // make every rate 0).
  return funnelSteps(row.channelId === SMS_CHANNEL || row.smsSendUsers > 0 ? steps : steps.slice(1));
}

export const REALTIME_BUCKET_SECONDS = 300;

export interface RealtimeRange {
  /** Unix seconds, inclusive; rounded down to a bucket start. */
  begin: number;
  /** Unix seconds, exclusive. */
  end: number;
  bucketSeconds?: number;
}

/**
 * One point per 5-minute bucket over `[begin, end)`, zeros where the answer has no row. Buckets start at
 * multiples of 5 minutes since the epoch; points inside a bucket are added to it; points outside the range are dropped.
 */
export function fillRealtimeSeries(points: readonly RealtimePoint[], range: RealtimeRange): RealtimePoint[] {
  const step = range.bucketSeconds ?? REALTIME_BUCKET_SECONDS;
  const start = Math.floor(range.begin / step) * step;
  const count = Math.max(0, Math.ceil((range.end - start) / step));
  const users = new Array<number>(count).fill(0);
  for (const p of points) {
    const i = Math.floor((p.time - start) / step);
    if (i >= 0 && i < count && p.time < range.end) users[i] += p.users;
  }
  return users.map((u, i) => ({ time: start + i * step, users: u }));
}

export interface RealtimeChartPoint {
  /** Bucket start, Unix seconds. */
  time: number;
  h5Users: number;
  wxappUsers: number;
  /** wxappUsers ÷ h5Users in the bucket (0 without H5 users). */
  conversionRate: number;
}

/** The dual-axis real-time chart: H5 and mini-program users per bucket, with the conversion line. */
export function realtimeChart(h5: readonly RealtimePoint[], wxapp: readonly RealtimePoint[], range: RealtimeRange): RealtimeChartPoint[] {
  const h5Series = fillRealtimeSeries(h5, range);
  const wxappSeries = fillRealtimeSeries(wxapp, range);
  return h5Series.map((p, i) => ({
    time: p.time,
    h5Users: p.users,
    wxappUsers: wxappSeries[i].users,
    conversionRate: ratio(wxappSeries[i].users, p.users),
  }));
}
