"use client";

import {
  BarChart3, Clock, Filter, LayoutDashboard, Megaphone, Menu, Settings, Target, Users, UsersRound, X,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { cn } from "@/components/ui/cn";
import { Logo } from "./logo";

const RANK: Record<Role, number> = { analyst: 0, marketer: 1, admin: 2 };

/** The navigation as a table: what appears, where it goes, and who sees it. */
const SECTIONS = [
  {
    key: "analytics",
    items: [
      { key: "overview", href: "/analytics/overview", icon: LayoutDashboard, role: "analyst" },
      { key: "compare", href: "/analytics/compare", icon: BarChart3, role: "analyst" },
      { key: "funnel", href: "/analytics/funnel", icon: Filter, role: "analyst" },
      { key: "realtime", href: "/analytics/realtime", icon: Clock, role: "analyst" },
    ],
  },
  {
    key: "marketing",
    items: [
      { key: "campaigns", href: "/campaigns", icon: Megaphone, role: "analyst" },
      { key: "activities", href: "/activities", icon: Target, role: "analyst" },
      { key: "audiences", href: "/audiences", icon: UsersRound, role: "marketer" },
    ],
  },
  {
    key: "admin",
    items: [
      { key: "settings", href: "/settings", icon: Settings, role: "admin" },
      { key: "users", href: "/users", icon: Users, role: "admin" },
    ],
  },
] as const;

function NavLinks({ role, onNavigate }: { role: Role; onNavigate?: () => void }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const sections = SECTIONS.map((s) => ({ ...s, items: s.items.filter((i) => RANK[role] >= RANK[i.role]) })).filter(
    (s) => s.items.length > 0,
  );

  return (
    <nav aria-label={t("label")} className="space-y-6">
      {sections.map((section) => (
        <div key={section.key}>
          <p className="mb-2 px-3 text-xs font-medium uppercase tracking-wider text-muted-foreground">{t(`sections.${section.key}`)}</p>
          <ul className="space-y-0.5">
            {section.items.map((item) => {
              const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
              const Icon = item.icon;
              return (
                <li key={item.key}>
                  <Link
                    href={item.href}
                    onClick={onNavigate}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm transition-colors",
                      active ? "bg-accent font-medium text-accent-foreground" : "text-sidebar-foreground hover:bg-muted",
                    )}
                  >
                    <Icon className="h-4 w-4 shrink-0" aria-hidden />
                    {t(`items.${item.key}`)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function Brand() {
  const t = useTranslations("nav");
  return (
    <Link href="/analytics/overview" className="flex items-center gap-2.5 px-3">
      <Logo />
      <span className="text-lg font-semibold tracking-tight">{t("brand")}</span>
    </Link>
  );
}

export function Sidebar({ role }: { role: Role }) {
  const t = useTranslations("nav");
  return (
    // The column carries the background the full height of long pages; the navigation inside stays in view.
    <div className="hidden w-60 shrink-0 border-r border-border bg-sidebar lg:block">
      <aside className="sticky top-0 flex h-screen flex-col gap-6 overflow-y-auto px-3 py-5">
        <Brand />
        <NavLinks role={role} />
        <div className="mt-auto flex items-center gap-2 px-3 text-xs text-muted-foreground">
          <BarChart3 className="h-3.5 w-3.5" aria-hidden />
          {t("footer")}
        </div>
      </aside>
    </div>
  );
}

export function MobileNav({ role }: { role: Role }) {
  const t = useTranslations("nav");
  const [open, setOpen] = useState(false);
  return (
      <div className="lg:hidden">
        <button
          type="button"
          onClick={() => setOpen(true)}
          className="inline-flex h-9 w-9 items-center justify-center rounded-md hover:bg-muted"
          aria-label={t("open")}
        >
          <Menu className="h-5 w-5" />
        </button>
        {open ? (
          <div className="fixed inset-0 z-50 flex">
            <div className="absolute inset-0 bg-black/40" onClick={() => setOpen(false)} aria-hidden />
            <div className="relative flex w-72 max-w-[85vw] flex-col gap-6 overflow-y-auto bg-sidebar px-3 py-5 shadow-xl">
              <div className="flex items-center justify-between">
                <Brand />
                <button type="button" onClick={() => setOpen(false)} className="rounded-md p-1.5 hover:bg-muted" aria-label={t("close")}>
                  <X className="h-5 w-5" />
                </button>
              </div>
              <NavLinks role={role} onNavigate={() => setOpen(false)} />
            </div>
          </div>
        ) : null}
      </div>
  );
}
