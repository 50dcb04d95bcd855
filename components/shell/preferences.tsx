"use client";

import { Globe, Languages, Monitor, Moon, Sun } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLocale, useTimeZone, useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { CHINA_TIME_ZONE, LOCALE_COOKIE, THEME_COOKIE, TIME_ZONE_COOKIE } from "@/i18n/locales";

function setCookie(name: string, value: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=${365 * 24 * 3600}; samesite=lax`;
}

function readCookie(name: string): string | undefined {
  return document.cookie.split("; ").find((c) => c.startsWith(`${name}=`))?.split("=")[1];
}

/** Switches between 中文 and English; the server reads the cookie, so the refreshed page is fully translated. */
export function LocaleSwitch() {
  const locale = useLocale();
  const router = useRouter();
  const t = useTranslations("common");
  const [pending, start] = useTransition();
  const next = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setCookie(LOCALE_COOKIE, next);
        start(() => router.refresh());
      }}
      className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-muted-foreground hover:bg-muted hover:text-foreground"
      aria-label={t("switchLanguage")}
      data-testid="locale-switch"
    >
      <Languages className="h-4 w-4" aria-hidden />
      {next === "en" ? "English" : "中文"}
    </button>
  );
}

const THEMES = ["light", "dark", "system"] as const;
type Theme = (typeof THEMES)[number];

function applyTheme(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function ThemeSwitch() {
  const t = useTranslations("common.theme");
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const saved = readCookie(THEME_COOKIE);
    // Reading the cookie only after mount keeps the server and client renders identical.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (saved && (THEMES as readonly string[]).includes(saved)) setTheme(saved as Theme);
  }, []);
  const next = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  const Icon = theme === "light" ? Sun : theme === "dark" ? Moon : Monitor;
  return (
    <button
      type="button"
      onClick={() => {
        setCookie(THEME_COOKIE, next);
        setTheme(next);
        applyTheme(next);
      }}
      className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-muted-foreground hover:bg-muted hover:text-foreground"
      aria-label={t("switchTo", { theme: t(next) })}
      title={t("current", { theme: t(theme) })}
      data-testid="theme-switch"
    >
      <Icon className="h-4 w-4" aria-hidden />
      <span className="hidden sm:inline">{t(theme)}</span>
    </button>
  );
}

/** The zones offered first; the browser's own zone is added when it is not among them. */
const TIME_ZONES = [CHINA_TIME_ZONE, "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Europe/London", "America/Los_Angeles", "UTC"];

/** Dates and date ranges follow this zone everywhere (Asia/Shanghai unless the user picks another). */
export function TimeZoneSwitch() {
  const t = useTranslations("common");
  const current = useTimeZone() ?? CHINA_TIME_ZONE;
  const router = useRouter();
  const [pending, start] = useTransition();
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  useEffect(() => {
    // Known only in the browser; read after mount so both renders agree.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  }, []);
  const zones = [...new Set([current, ...TIME_ZONES, ...(browserZone ? [browserZone] : [])])];
  return (
    // Hidden on phones, where the header has no room for it; the choice, once made, follows the user there.
    <label className="hidden h-8 items-center gap-1.5 rounded-md px-2 text-sm text-muted-foreground hover:bg-muted sm:inline-flex">
      <Globe className="h-4 w-4" aria-hidden />
      <span className="sr-only">{t("timeZone")}</span>
      <select
        value={current}
        disabled={pending}
        onChange={(e) => {
          setCookie(TIME_ZONE_COOKIE, e.target.value);
          start(() => router.refresh());
        }}
        className="max-w-32 cursor-pointer bg-transparent text-sm text-muted-foreground outline-none hover:text-foreground"
        data-testid="time-zone-switch"
        title={t("timeZone")}
      >
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
    </label>
  );
}
