import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CreateAudienceForm } from "@/components/audiences/create-audience-form";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audiences"))("create.title") };
}

export default async function NewAudiencePage() {
  await requirePageUser("marketer");
  const t = await getTranslations("audiences");
  return (
    <>
      <PageHeader
        title={t("create.title")}
        description={t("create.description")}
        actions={
          <LinkButton href="/audiences" variant="secondary">
            {t("backToList")}
          </LinkButton>
        }
      />
      <CreateAudienceForm />
    </>
  );
}
