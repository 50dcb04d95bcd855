"use client";

import { Languages, Monitor, Moon, Sun } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { LOCALE_COOKIE, THEME_COOKIE } from "@/i18n/locales";

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
