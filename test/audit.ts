import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";

/** The audit entries written for one action, oldest first: what a test asserts on after a change is made. */
export function auditEntries(db: Db, action: string) {
  return db
    .select({ userId: auditLog.userId, action: auditLog.action, subject: auditLog.subject, details: auditLog.details })
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
}
