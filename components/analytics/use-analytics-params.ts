"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useNow, useTimeZone } from "next-intl";
import { useCallback, useMemo } from "react";
import { CHINA_TIME_ZONE } from "@/i18n/locales";
import { previousPeriod, resolveRange, resolveRealtimeHours, todayIn, toUnixRange } from "@/lib/analytics/ranges";
import { SMS_CHANNEL } from "@/lib/statistics";

/** URL search parameters the analytics pages understand; everything the user chose lives here. */
export type AnalyticsParam = "activity" | "range" | "from" | "to" | "channel" | "hours" | "view";

/**
 * Reads the user's choices from the URL and writes them back, so a copied link reproduces the view. Range,
 * channel and window changes go through the History API (Next.js keeps useSearchParams in step) without a
 * server round trip.
 */
export function useAnalyticsParams() {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const timeZone = useTimeZone() ?? CHINA_TIME_ZONE;
  const now = useNow({ updateInterval: 60_000 });
  const today = todayIn(timeZone, now);

  const choice = useMemo(
    () => resolveRange({ range: params.get("range"), from: params.get("from"), to: params.get("to") }, today),
    [params, today],
  );
  const unix = useMemo(() => toUnixRange(choice.range, timeZone), [choice.range, timeZone]);
  const previous = useMemo(() => {
    const range = previousPeriod(choice.range);
    return { range, ...toUnixRange(range, timeZone) };
  }, [choice.range, timeZone]);

  const update = useCallback(
    (patch: Partial<Record<AnalyticsParam, string | null>>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === undefined || value === "") next.delete(key);
        else next.set(key, value);
      }
      const qs = next.toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      // Another activity needs the server half again (its channels' names); other choices stay in the browser.
      if ("activity" in patch) router.push(url, { scroll: false });
      else window.history.pushState(null, "", url);
    },
    [pathname, router],
  );

  return {
    activityId: params.get("activity") ?? "",
    channelId: params.get("channel") || SMS_CHANNEL,
    hours: resolveRealtimeHours(params.get("hours")),
    choice,
    range: choice.range,
    unix,
    previous,
    timeZone,
    today,
    update,
  };
}
