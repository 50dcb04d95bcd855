import { and, count, eq, gt, lt, min, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { signInFailures } from "@/lib/db/schema";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 60_000;

/**
 * Failed sign-ins are limited per (account, address) to five a minute, and per account, from everywhere, to ten.
 * Kept in PostgreSQL so every app instance enforces the same limit.
 *
 * Why these two: the pair limit stops one address guessing one account; the account-wide limit caps an attacker
 * who spreads over many addresses at 10 guesses a minute (about 14,000 a day, hopeless against a 10-character
 * password). Neither locks anyone out for long: a window is one minute, and the real user at their own address is
 * only held back while the account-wide limit is hit, for at most the remainder of that minute. A longer or
 * growing lockout would let anyone who knows an email keep its owner out of the app.
 *
 */
/**
 * The check and the count in one step: under a per-account lock, either the attempt is refused with the seconds
 * to wait, or it is recorded as a failure before the password is even compared. A correct password then takes it
 * back (forgetSignInAttempt). Parallel attempts queue on the lock, so a burst cannot all pass a check of a count
 * none of them has added to yet.
 */
export async function claimSignInAttempt(database: Db, email: string, address: string, now = new Date()): Promise<{ waitSeconds: number; attemptId: string }> {
  return database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sign-in:${email}`}))`);
    const fromAddress = eq(signInFailures.address, address);
    const [c] = await tx
      .select({
        forAccount: count(),
        forPair: sql<number>`(count(*) filter (where ${fromAddress}))::int`.mapWith(Number),
        oldest: min(signInFailures.at),
        oldestForPair: sql<Date | null>`min(${signInFailures.at}) filter (where ${fromAddress})`.mapWith(signInFailures.at),
      })
      .from(signInFailures)
      .where(and(eq(signInFailures.email, email), gt(signInFailures.at, new Date(now.getTime() - WINDOW_MS))));
    const blocked = [c.forPair >= MAX_FAILURES ? c.oldestForPair : null, c.forAccount >= MAX_FAILURES * 2 ? c.oldest : null]
      .filter((d): d is Date => d !== null)
      .map((d) => d.getTime())
      .sort((a, b) => b - a)[0];
    if (blocked !== undefined) return { waitSeconds: Math.max(1, Math.ceil((blocked + WINDOW_MS - now.getTime()) / 1000)), attemptId: "" };
    const [inserted] = await tx.insert(signInFailures).values({ email, address, at: now }).returning({ id: signInFailures.id });
    await tx.delete(signInFailures).where(lt(signInFailures.at, new Date(now.getTime() - 86400_000)));
    return { waitSeconds: 0, attemptId: inserted.id };
  });
}

/** A correct password: the attempt claimed for it was not a failure. */
export async function forgetSignInAttempt(database: Db, attemptId: string): Promise<void> {
  if (attemptId) await database.delete(signInFailures).where(eq(signInFailures.id, attemptId));
}
