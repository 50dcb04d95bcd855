export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
/** China time: the users' zone unless they choose another, and the zone of the allowed sending hours. */
export const CHINA_TIME_ZONE = "Asia/Shanghai";

/** Cookie names for the user's choices; read on the server so the first paint is already right. */
export const LOCALE_COOKIE = "hongyan_locale";
export const TIME_ZONE_COOKIE = "hongyan_tz";
export const THEME_COOKIE = "hongyan_theme";

/** One message file per namespace and locale (messages/<locale>/<ns>.json), so teams edit only their own. */
export const NAMESPACES = [
  "common", "auth", "nav", "users", "settings", "analytics", "campaigns", "activities", "audiences", "landing", "wechat", "sources", "abtests",
] as const;

export function toLocale(value: string | undefined): Locale {
  return (LOCALES as readonly string[]).includes(value ?? "") ? (value as Locale) : DEFAULT_LOCALE;
}

export function toTimeZone(value: string | undefined): string {
  if (!value) return CHINA_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return value;
  } catch {
    return CHINA_TIME_ZONE;
  }
}
