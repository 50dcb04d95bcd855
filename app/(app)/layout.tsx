import type { ReactNode } from "react";
import { EmulatorBanner } from "@/components/shell/emulator-banner";
import { MobileNav, Sidebar } from "@/components/shell/nav";
import { LocaleSwitch, ThemeSwitch, TimeZoneSwitch } from "@/components/shell/preferences";
import { UserMenu } from "@/components/shell/user-menu";
import { requirePageUser } from "@/lib/auth/page";
import { config } from "@/lib/config";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("analyst");
  const emulator = config().wechat.mode === "emulator";
  return (
    <div className="flex min-h-screen">
      <Sidebar role={user.role} />
      <div className="flex min-w-0 flex-1 flex-col">
        {emulator ? <EmulatorBanner /> : null}
        <header className="sticky top-0 z-30 flex h-14 items-center justify-between gap-3 border-b border-border bg-background/85 px-4 backdrop-blur lg:px-8">
          <div className="flex items-center gap-2 lg:hidden">
            <MobileNav role={user.role} />
          </div>
          <div className="flex flex-1 items-center justify-end gap-1">
            <TimeZoneSwitch />
            <LocaleSwitch />
            <ThemeSwitch />
            <div className="mx-2 h-6 w-px bg-border" aria-hidden />
            <UserMenu email={user.email} name={user.name} role={user.role} />
          </div>
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 lg:px-8 lg:py-8">{children}</main>
      </div>
    </div>
  );
}
