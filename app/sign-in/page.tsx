import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Logo } from "@/components/shell/logo";
import { LocaleSwitch, ThemeSwitch } from "@/components/shell/preferences";
import { getCurrentUser } from "@/lib/auth/current-user";
import { config } from "@/lib/config";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("title") };
}

export default async function SignInPage() {
  if (await getCurrentUser()) redirect("/analytics/overview");
  const t = await getTranslations("auth");
  const tc = await getTranslations("common");
  const emulator = config().wechat.mode === "emulator";
  return (
    <div className="grid min-h-screen lg:grid-cols-2">
      <section className="relative hidden flex-col justify-between overflow-hidden bg-gradient-to-br from-orange-600 via-orange-700 to-rose-800 p-10 text-white lg:flex">
        <div className="flex items-center gap-3">
          <Logo className="h-9 w-9" />
          <span className="text-xl font-semibold">{tc("appName")}</span>
        </div>
        <div className="max-w-md space-y-4">
          <h2 className="text-3xl font-semibold leading-tight">{t("heroTitle")}</h2>
          <p className="text-base text-white/80">{t("heroText")}</p>
          <ul className="space-y-2 text-sm text-white/85">
            <li>· {t("heroPoint1")}</li>
            <li>· {t("heroPoint2")}</li>
            <li>· {t("heroPoint3")}</li>
          </ul>
        </div>
        <p className="text-xs text-white/60">{tc("tagline")}</p>
      </section>
      <section className="flex flex-col">
        <div className="flex justify-end gap-1 p-4">
          <LocaleSwitch />
          <ThemeSwitch />
        </div>
        <div className="flex flex-1 items-center justify-center px-6 pb-16">
          <div className="w-full max-w-sm space-y-6">
            <div className="space-y-1.5">
              <div className="mb-6 flex items-center gap-2.5 lg:hidden">
                <Logo />
                <span className="text-lg font-semibold">{tc("appName")}</span>
              </div>
              <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
              <p className="text-sm text-muted-foreground">{t("subtitle")}</p>
            </div>
            <SignInForm />
            {emulator ? <p className="rounded-md bg-warning/10 px-3 py-2 text-xs text-warning">{tc("emulator.banner")}</p> : null}
          </div>
        </div>
      </section>
    </div>
  );
}
