import { FlaskConical } from "lucide-react";
import { getTranslations } from "next-intl/server";

export async function EmulatorBanner() {
  const t = await getTranslations("common.emulator");
  return (
    <div role="status" data-testid="emulator-banner" className="flex items-center justify-center gap-2 bg-warning/15 px-4 py-1.5 text-center text-xs font-medium text-warning">
      <FlaskConical className="h-3.5 w-3.5 shrink-0" aria-hidden />
      <span>{t("banner")}</span>
    </div>
  );
}
