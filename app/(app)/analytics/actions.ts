"use server";

import type { z } from "zod";
import { ActionError, defineAction } from "@/lib/auth/action";
import { conversionRequest, compareViewRequest, overviewViewRequest, realtimeRequest } from "@/lib/analytics/schemas";
import { compareView, funnelView, overviewView, realtimeView, type ViewDeps } from "@/lib/analytics/views";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { isWechatError, getWechat } from "@/lib/wechat";

/**
 * One action per analytics view (lib/analytics/views.ts gathers what the view draws, in parallel). WeChat's
 * errors travel as `wechat:<errcode>` so the page can say what to do about them.
 */

function deps(): ViewDeps {
  return { db: db(), wechat: getWechat(), stats: config().stats };
}

function analyticsAction<S extends z.ZodType, T>(input: S, run: (q: z.infer<S>) => Promise<T>) {
  return defineAction({ role: "analyst", input }, async (q) => {
    try {
      return await run(q);
    } catch (e) {
      if (isWechatError(e)) throw new ActionError("wechat.errors.default", { errcode: e.code, errmsg: e.errmsg });
      throw e;
    }
  });
}

export const overviewViewAction = analyticsAction(overviewViewRequest, (q) => overviewView(deps(), { activityId: q.activityId, range: { from: q.from, to: q.to } }));

export const compareViewAction = analyticsAction(compareViewRequest, (q) => compareView(deps(), { range: q }));

export const funnelViewAction = analyticsAction(conversionRequest, (q) => funnelView(deps(), q));

export const realtimeViewAction = analyticsAction(realtimeRequest, (q) => realtimeView(deps(), q));
