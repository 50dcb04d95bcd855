import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations("common.forbiddenPage");
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center gap-3 px-6 text-center" data-testid="forbidden">
      <ShieldAlert className="h-10 w-10 text-destructive" aria-hidden />
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="max-w-md text-sm text-muted-foreground">{t("text")}</p>
      <Link href="/analytics/overview" className="text-sm font-medium text-primary hover:underline">
        {t("back")}
      </Link>
    </div>
  );
}
