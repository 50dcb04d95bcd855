import { getRealtime } from "@/lib/analytics/queries";
import { realtimeRequest, type RealtimeResponse } from "@/lib/analytics/schemas";
import { getWechat } from "@/lib/wechat";
import { analyticsGet } from "../respond";

export const GET = analyticsGet(realtimeRequest, async (q): Promise<RealtimeResponse> => ({
  points: await getRealtime(getWechat(), q),
  asOf: Math.floor(Date.now() / 1000),
}));
