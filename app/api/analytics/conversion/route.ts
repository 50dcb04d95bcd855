import { getConversion } from "@/lib/analytics/queries";
import { conversionRequest, type ConversionResponse } from "@/lib/analytics/schemas";
import { getWechat } from "@/lib/wechat";
import { analyticsGet } from "../respond";

export const GET = analyticsGet(conversionRequest, async (q): Promise<ConversionResponse> => ({ row: await getConversion(getWechat(), q) }));
