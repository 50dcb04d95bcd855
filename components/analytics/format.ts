"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback } from "react";
import type { DayRange } from "@/lib/analytics/ranges";
import type { ActivityOption } from "@/lib/analytics/schemas";
import { SMS_CHANNEL } from "@/lib/statistics";

/** The channel id visits without a `source` are counted on. */
export const UNKNOWN_CHANNEL = "-";

/** Number, share, day and channel formatting for the analytics pages, in the user's locale and time zone. */
export function useAnalyticsFormat(activity?: ActivityOption) {
  const format = useFormatter();
  const t = useTranslations("analytics.channels");
  const count = useCallback((n: number) => format.number(n), [format]);
  const percent = useCallback((r: number, digits = 1) => format.number(r, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }), [format]);
  /** CNY: whole costs with 2 decimals, small ones (cost per user, price per segment) with up to 4. */
  const money = useCallback(
    (n: number) => format.number(n, { style: "currency", currency: "CNY", minimumFractionDigits: 2, maximumFractionDigits: Math.abs(n) < 10 ? 4 : 2 }),
    [format],
  );
  const day = useCallback((d: string) => {
    const [y, m, dd] = d.split("-").map(Number);
    // Noon UTC of that calendar day reads as that day in every time zone people use.
    return format.dateTime(new Date(Date.UTC(y, m - 1, dd, 12)), "day");
  }, [format]);
  const dayRange = useCallback((r: DayRange) => (r.from === r.to ? day(r.from) : `${day(r.from)} – ${day(r.to)}`), [day]);
  const time = useCallback((unixSeconds: number) => format.dateTime(new Date(unixSeconds * 1000), "clock"), [format]);
  const channel = useCallback(
    (id: string) => {
      if (id === UNKNOWN_CHANNEL) return t("unknown");
      // The built-in SMS channel reads in the user's language, whatever name the activity stored for it.
      if (id === SMS_CHANNEL) return t("sms");
      const named = activity?.channels.find((c) => c.id === id)?.name;
      return named ?? id;
    },
    [activity, t],
  );
  return { count, percent, money, day, dayRange, time, channel };
}
