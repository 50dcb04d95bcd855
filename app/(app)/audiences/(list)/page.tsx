import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AudienceList } from "@/components/audiences/audience-list";
import { listAudiences } from "@/lib/audiences";
import { requirePageUser } from "@/lib/auth/page";
import { db } from "@/lib/db";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audiences"))("title") };
}

export default async function AudiencesPage() {
  const user = await requirePageUser("analyst");
  return <AudienceList user={user} audiences={await listAudiences(db())} />;
}
