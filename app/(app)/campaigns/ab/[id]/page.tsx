import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAbResultsAction } from "@/app/(app)/campaigns/ab/actions";
import { AbResultsView } from "@/components/abtests/ab-results";
import { requirePageUser } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/roles";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("abtests"))("results.title") };
}

export default async function AbTestPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("analyst");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const r = await getAbResultsAction({ testId: id });
  if (!r.ok) notFound();
  return <AbResultsView testId={id} initial={r.data} canPick={hasRole(user.role, "marketer")} />;
}
