import { SMS_CHANNEL, funnelSteps, type FunnelStep, type OverviewRow, type SmsFunnelKey } from "@/lib/statistics";

/**
 * The steps of one channel: SMS sent → H5 opened → mini program opened. Channels other than SMS send nothing,
 * so their funnel starts at the landing page (a first step of 0 would make every rate 0).
 */
export function channelFunnel(row: Pick<OverviewRow, "channelId" | "smsSendUsers" | "h5OpenUsers" | "jumpWxappUsers">): FunnelStep<SmsFunnelKey>[] {
  const steps: { key: SmsFunnelKey; count: number }[] = [
    { key: "smsSent", count: row.smsSendUsers },
    { key: "h5Opened", count: row.h5OpenUsers },
    { key: "wxappOpened", count: row.jumpWxappUsers },
  ];
  return funnelSteps(row.channelId === SMS_CHANNEL || row.smsSendUsers > 0 ? steps : steps.slice(1));
}
