import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("common.notFoundPage");
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-5xl font-semibold text-muted-foreground">404</p>
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <Link href="/analytics/overview" className="text-sm font-medium text-primary hover:underline">
        {t("back")}
      </Link>
    </div>
  );
}
