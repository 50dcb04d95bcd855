import { Construction } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/** Stands where a section of the product has not been built yet, and says so plainly. */
export async function Placeholder({ section }: { section: string }) {
  const t = await getTranslations("nav");
  const tc = await getTranslations("common");
  return (
    <>
      <PageHeader title={t(`items.${section}`)} />
      <Card>
        <EmptyState icon={<Construction className="h-8 w-8" />} title={tc("placeholder.title")} description={tc("placeholder.text")} />
      </Card>
    </>
  );
}
