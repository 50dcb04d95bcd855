import { getOverview } from "@/lib/analytics/queries";
import { overviewRequest, type OverviewResponse } from "@/lib/analytics/schemas";
import { getWechat } from "@/lib/wechat";
import { analyticsGet } from "../respond";

export const GET = analyticsGet(overviewRequest, async (q): Promise<OverviewResponse> => ({ rows: await getOverview(getWechat(), q) }));
