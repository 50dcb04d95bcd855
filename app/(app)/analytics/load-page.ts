import { redirect } from "next/navigation";
import { listActivityOptions } from "@/lib/analytics/activities";
import type { ActivityOption } from "@/lib/analytics/schemas";
import { requirePageUser } from "@/lib/auth/page";
import { db } from "@/lib/db";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The server half of every analytics page: checks the role, loads the activities for the picker and, when the
 * URL names no activity, puts the newest one in it, so the address always reproduces what is on screen.
 */
export async function loadAnalyticsPage(page: "overview" | "funnel" | "realtime", searchParams: SearchParams): Promise<ActivityOption[]> {
  await requirePageUser("analyst");
  const query = await searchParams;
  const selected = typeof query.activity === "string" ? query.activity : undefined;
  const activities = await listActivityOptions(db(), { selected });
  if (!query.activity && activities.length > 0) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (typeof v === "string") next.set(k, v);
    next.set("activity", activities[0].id);
    redirect(`/analytics/${page}?${next}`);
  }
  return activities;
}
