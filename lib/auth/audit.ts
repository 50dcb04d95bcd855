import { db, type Db } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";

/** Records who did what to which subject. Details must never hold secrets or passwords. */
export async function audit(userId: string | null, action: string, subject?: string | null, details: Record<string, unknown> = {}, database: Db = db()) {
  await database.insert(auditLog).values({ userId, action, subject: subject ?? null, details });
}
