import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { signInFailures } from "@/lib/db/schema";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 60_000;

/**
 * Failed sign-ins are limited per account and per (account, address): five a minute.
 * Kept in PostgreSQL so every app instance enforces the same limit.
 * Returns the seconds to wait, or 0 when a sign-in may be tried.
 */
export async function secondsUntilSignInAllowed(db: Db, email: string, address: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const rows = await db
    .select({
      forAccount: sql<number>`count(*)::int`,
      forPair: sql<number>`count(*) filter (where ${signInFailures.address} = ${address})::int`,
      oldest: sql<Date | null>`min(${signInFailures.at})`,
      oldestForPair: sql<Date | null>`min(${signInFailures.at}) filter (where ${signInFailures.address} = ${address})`,
    })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email), gt(signInFailures.at, since)));
  const r = rows[0];
  // Twice the pair limit for the account as a whole: one attacker cannot lock a user out from everywhere as fast.
  const blockedByPair = r.forPair >= MAX_FAILURES ? r.oldestForPair : null;
  const blockedByAccount = r.forAccount >= MAX_FAILURES * 2 ? r.oldest : null;
  const oldest = [blockedByPair, blockedByAccount]
    .filter((d): d is Date => d !== null)
    .map((d) => new Date(d).getTime())
    .sort((a, b) => b - a)[0];
  if (oldest === undefined) return 0;
  return Math.max(1, Math.ceil((oldest + WINDOW_MS - now.getTime()) / 1000));
}

export async function recordSignInFailure(db: Db, email: string, address: string): Promise<void> {
  await db.insert(signInFailures).values({ email, address });
  // Keep the table small: nothing older than the window matters.
  await db.delete(signInFailures).where(sql`${signInFailures.at} < now() - interval '1 day'`);
}
