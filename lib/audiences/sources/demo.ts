import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { settings } from "@/lib/db/schema";

const KEY = "demo.cloudIds";

/**
 * In emulator mode the cloudID form offers the demo mini program's cloudIDs to try. The demo seeding
 * (scripts/start.ts) writes them here, so the app never imports the emulator to know them.
 */
export async function saveDemoCloudIds(db: Db, cloudIds: string[]): Promise<void> {
  await db
    .insert(settings)
    .values({ key: KEY, value: cloudIds })
    .onConflictDoUpdate({ target: settings.key, set: { value: cloudIds, updatedAt: new Date() } });
}

/** Null when there are none (live mode, or a database seeded before they were kept). */
export async function getDemoCloudIds(db: Db): Promise<string[] | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  return Array.isArray(row?.value) ? (row.value as string[]) : null;
}
