import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AudienceDetail } from "@/components/audiences/audience-detail";
import { loadAudiencePage } from "@/lib/audiences";
import { requirePageUser } from "@/lib/auth/page";
import { phoneViewFor } from "@/lib/auth/roles";
import { db } from "@/lib/db";

// A generic title: metadata is resolved apart from the page's session check, so it must not carry the audience's name.
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audiences"))("title") };
}

export default async function AudiencePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  const user = await requirePageUser("analyst");
  const { id } = await params;
  const page = Math.max(1, Number.parseInt((await searchParams).page ?? "1", 10) || 1);
  const data = await loadAudiencePage(db(), id, page, phoneViewFor(user.role));
  if (!data) notFound();
  return <AudienceDetail {...data} user={user} />;
}
