import { TZDate } from "@date-fns/tz";
import { CHINA_TIME_ZONE } from "@/i18n/locales";

/**
 * Marketing SMS may only go out inside the allowed hours, China time. Outside them a send is held
 * until the window opens, never dropped. A window whose end is before its start runs across midnight;
 * equal start and end means the whole day.
 */

export interface AllowedHours {
  /** "HH:MM", China time */
  start: string;
  end: string;
}

export const DEFAULT_ALLOWED_HOURS: AllowedHours = { start: "08:00", end: "21:00" };

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidHhmm(value: string): boolean {
  return HHMM.test(value);
}

function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new Error(`Not a time of day (HH:MM): ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function minuteOfDay(at: Date, timeZone: string): number {
  const local = new TZDate(at.getTime(), timeZone);
  return local.getHours() * 60 + local.getMinutes();
}

export function isWithinAllowedHours(at: Date, hours: AllowedHours, timeZone = CHINA_TIME_ZONE): boolean {
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start === end) return true;
  const now = minuteOfDay(at, timeZone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** `at` itself when sending is allowed then, otherwise the instant the window next opens. */
export function nextAllowedTime(at: Date, hours: AllowedHours, timeZone = CHINA_TIME_ZONE): Date {
  if (isWithinAllowedHours(at, hours, timeZone)) return at;
  const start = minutesOf(hours.start);
  const local = new TZDate(at.getTime(), timeZone);
  const opening = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), Math.floor(start / 60), start % 60, 0, 0, timeZone);
  if (opening.getTime() <= at.getTime()) opening.setDate(opening.getDate() + 1);
  return new Date(opening.getTime());
}
