import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { OptOutList } from "@/components/audiences/opt-out-list";
import { loadOptOutPage } from "@/lib/audiences";
import { requirePageUser } from "@/lib/auth/page";
import { phoneViewFor } from "@/lib/auth/roles";
import { db } from "@/lib/db";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audiences"))("optOuts.title") };
}

export default async function OptOutsPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const user = await requirePageUser("analyst");
  const { q, page } = await searchParams;
  const data = await loadOptOutPage(db(), { search: (q ?? "").slice(0, 40), page: Math.max(1, Number.parseInt(page ?? "1", 10) || 1), phones: phoneViewFor(user.role) });
  return <OptOutList {...data} user={user} />;
}
