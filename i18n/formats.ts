import type { Formats } from "next-intl";

/**
 * The app's date formats, one per use, so a moment reads the same on every page. They are formatted in the
 * reader's time zone (i18n/request.ts: their choice, Asia/Shanghai by default) by next-intl:
 * `format.dateTime(date, "moment")` in components, `getFormatter()` on the server.
 */
export const FORMATS = {
  dateTime: {
    /** A moment: 2026年11月30日 16:57 · Nov 30, 2026, 4:57 PM */
    moment: { dateStyle: "medium", timeStyle: "short" },
    /** A moment to the second, where order within a minute matters (the job queue): 2026年11月30日 16:57:03 */
    precise: { dateStyle: "medium", timeStyle: "medium" },
    /** A moment in a dense table row: 2026/11/30 16:57 */
    compact: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" },
    /** A moment written out, for the public landing page: 2026年11月30日 16:57 */
    long: { dateStyle: "long", timeStyle: "short" },
    /** A time of day on a chart axis: 16:55 */
    clock: { hour: "2-digit", minute: "2-digit", hour12: false },
    /** A calendar day (a `yyyy-MM-dd` already in the reader's zone, so not shifted again): 11月30日 */
    day: { month: "short", day: "numeric", timeZone: "UTC" },
    /** A test's time: 16:57:03 */
    seconds: { timeStyle: "medium" },
  },
} satisfies Formats;
