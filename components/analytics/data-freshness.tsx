"use client";

import { AlertTriangle, PauseCircle } from "lucide-react";
import { useTranslations } from "next-intl";
import type { Freshness } from "@/lib/analytics/views";
import { WechatError } from "@/lib/wechat/errors";
import { useAnalyticsFormat } from "./format";

/**
 * When WeChat could not be asked just now, or the sync is paused by WeChat's limits, the page keeps showing the
 * stored history and says how old it is, instead of failing.
 */
export function DataFreshness({ freshness }: { freshness: Freshness }) {
  const t = useTranslations("analytics.freshness");
  const tw = useTranslations("wechat");
  const fmt = useAnalyticsFormat();
  const asOf = freshness.asOf ? fmt.time(Date.parse(freshness.asOf) / 1000) : null;
  const reasonOf = (code: number) => {
    const key = new WechatError({ code, errmsg: "", api: "cloudbase.getStatistics" }).messageKey;
    return tw.has(key) ? tw(key) : tw("errors.default");
  };
  if (freshness.pausedUntil) {
    return (
      <div role="status" data-testid="sync-paused" className="flex items-start gap-2 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm">
        <PauseCircle className="mt-0.5 h-4 w-4 shrink-0 text-warning" aria-hidden />
        <span>
          {t("paused", { until: fmt.time(Date.parse(freshness.pausedUntil) / 1000), code: String(freshness.pauseCode ?? "") })}{" "}
          {freshness.pauseCode !== null ? reasonOf(freshness.pauseCode) : null} {asOf ? t("asOf", { time: asOf }) : null}
        </span>
      </div>
    );
  }
  if (!freshness.problem) return null;
  return (
    <div role="status" data-testid="data-as-of" className="flex items-start gap-2 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm">
      <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-warning" aria-hidden />
      <span>
        {asOf ? t("stale", { time: asOf }) : t("staleNever")} {reasonOf(freshness.problem.code)}
      </span>
    </div>
  );
}
