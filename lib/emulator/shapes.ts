import { TZDate } from "@date-fns/tz";

/**
 * How busy the demo's visitors are, as plain tables: by China hour of the day (quiet at night, peaks late
 * morning and evening) and by China weekday (Sunday = 0; weekends busiest, Monday quietest). The demo history
 * and the live trickle both follow them.
 */
export const HOUR_SHAPE: readonly number[] = [
  0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.25, 0.5, 0.8, 1.0, 1.25, 1.3, 1.15, 1.0, 0.95, 0.95, 1.0, 1.05, 1.15, 1.35, 1.5, 1.45, 1.1, 0.6,
];
export const WEEKDAY_SHAPE: readonly number[] = [1.3, 0.8, 0.88, 0.94, 1.0, 1.12, 1.4];

/** The China-time hour (0-23) and weekday (0 = Sunday) of an instant. */
export function chinaHourAndWeekday(at: Date): { hour: number; weekday: number } {
  const china = new TZDate(at.getTime(), "Asia/Shanghai");
  return { hour: china.getHours(), weekday: china.getDay() };
}
