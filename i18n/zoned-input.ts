import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/**
 * A `datetime-local` input has no zone: the browser reads it in its own. Pages show moments in the reader's
 * chosen zone (i18n/request.ts), so the inputs are written and read in that same zone here, not the browser's.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** An instant as a `datetime-local` value (`yyyy-MM-ddTHH:mm`) in `timeZone`; "" for no or a bad date. */
export function toZonedInput(instant: string | Date, timeZone: string): string {
  const ms = new Date(instant).getTime();
  if (instant === "" || Number.isNaN(ms)) return "";
  return format(new TZDate(ms, timeZone), "yyyy-MM-dd'T'HH:mm");
}

/** A `datetime-local` value read as a wall-clock time in `timeZone`, as an ISO instant; "" when it is not one. */
export function fromZonedInput(value: string, timeZone: string): string {
  const m = LOCAL.exec(value);
  if (!m) return "";
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const at = new TZDate(y, mo - 1, d, h, mi, timeZone);
  // TZDate rolls an impossible day (2月30日) over to the next month: refuse it instead.
  if (at.getDate() !== d || at.getMonth() !== mo - 1) return "";
  return new Date(at.getTime()).toISOString();
}
