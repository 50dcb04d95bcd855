import { variantChannelIds } from "@/lib/abtests/channels";
import { getConversion, getOverview } from "@/lib/analytics/queries";
import { conversionRequest, type ConversionResponse } from "@/lib/analytics/schemas";
import { db } from "@/lib/db";
import { SMS_CHANNEL, smsRowWithVariants } from "@/lib/statistics";
import { getWechat } from "@/lib/wechat";
import { analyticsGet } from "../respond";

export const GET = analyticsGet(conversionRequest, async (q): Promise<ConversionResponse> => {
  // The SMS funnel counts the A/B-test variant channels' visitors as SMS (lib/statistics/README.md).
  const variants = q.channelId === SMS_CHANNEL ? await variantChannelIds(db(), q.activityId) : [];
  if (variants.length === 0) return { row: await getConversion(getWechat(), q) };
  const rows = await getOverview(getWechat(), { activityId: q.activityId, beginDate: q.beginDate, endDate: q.endDate, byChannel: "1" });
  return { row: smsRowWithVariants(rows, variants) };
});
