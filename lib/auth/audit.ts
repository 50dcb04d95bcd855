import { db, type Db } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";

/** The database or a transaction on it: a change and its audit entry are best written in one transaction. */
export type AuditWriter = Pick<Db, "insert">;

/** Records who did what to which subject. Details must never hold secrets or passwords. */
export async function audit(userId: string | null, action: string, subject?: string | null, details: Record<string, unknown> = {}, database: AuditWriter = db()) {
  await database.insert(auditLog).values({ userId, action, subject: subject ?? null, details });
}
