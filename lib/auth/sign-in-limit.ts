import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
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
  return inTransaction(database, async (client) => {
    await client.query("select pg_advisory_xact_lock(hashtext('sign-in:' || $1))", [email]);
    const since = new Date(now.getTime() - WINDOW_MS).toISOString();
    const r = await client.query<{ for_account: number; for_pair: number; oldest: Date | null; oldest_for_pair: Date | null }>(
      `select count(*)::int as for_account, (count(*) filter (where address = $2))::int as for_pair,
              min(at) as oldest, min(at) filter (where address = $2) as oldest_for_pair
       from sign_in_failures where email = $1 and at > $3::timestamptz`,
      [email, address, since],
    );
    const c = r.rows[0];
    const blocked = [c.for_pair >= MAX_FAILURES ? c.oldest_for_pair : null, c.for_account >= MAX_FAILURES * 2 ? c.oldest : null]
      .filter((d): d is Date => d !== null)
      .map((d) => new Date(d).getTime())
      .sort((a, b) => b - a)[0];
    if (blocked !== undefined) return { waitSeconds: Math.max(1, Math.ceil((blocked + WINDOW_MS - now.getTime()) / 1000)), attemptId: "" };
    const inserted = await client.query<{ id: string }>("insert into sign_in_failures (email, address, at) values ($1, $2, $3) returning id", [email, address, now.toISOString()]);
    await client.query("delete from sign_in_failures where at < $1::timestamptz - interval '1 day'", [now.toISOString()]);
    return { waitSeconds: 0, attemptId: inserted.rows[0].id };
  });
}

/** A correct password: the attempt claimed for it was not a failure. */
export async function forgetSignInAttempt(database: Db, attemptId: string): Promise<void> {
  if (attemptId) await database.delete(signInFailures).where(eq(signInFailures.id, attemptId));
}
