"use client";

import { LogOut } from "lucide-react";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";

export function UserMenu({ email, name, role }: { email: string; name: string; role: string }) {
  const t = useTranslations("common");
  return (
    <div className="flex items-center gap-3">
      <div className="hidden text-right leading-tight md:block">
        <p className="text-sm font-medium" data-testid="current-user">{name || email}</p>
        <p className="text-xs text-muted-foreground">{t(`roles.${role}`)}</p>
      </div>
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/sign-in" })}
        className="inline-flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-muted-foreground hover:bg-muted hover:text-foreground"
        data-testid="sign-out"
      >
        <LogOut className="h-4 w-4" aria-hidden />
        <span className="hidden sm:inline">{t("signOut")}</span>
      </button>
    </div>
  );
}
