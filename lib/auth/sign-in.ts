import type { Db } from "@/lib/db";
import { hashPassword, verifyPassword } from "./password";
import { claimSignInAttempt, forgetSignInAttempt } from "./sign-in-limit";
import { getUserByEmail, type UserRow } from "./users";

export type SignInOutcome =
  | { kind: "ok"; user: UserRow }
  | { kind: "wrong" }
  | { kind: "inactive" }
  | { kind: "limited"; waitSeconds: number };

/**
 * Compared against when the email is unknown, so an unknown email costs the same bcrypt time as a known one and
 * the answer's timing does not tell which emails have accounts. Made once per process, with the same cost.
 */
let dummyHash: Promise<string> | undefined;
export function unknownUserHash(): Promise<string> {
  dummyHash ??= hashPassword(`no such user ${Math.random()}`);
  return dummyHash;
}

/**
 * One sign-in attempt. The limit is checked and the attempt counted in one locked database step before the
 * password is compared (lib/auth/sign-in-limit.ts), so a burst of parallel attempts cannot all pass the check.
 * A correct password takes its attempt back; a wrong one, or an unknown email, keeps it counted.
 */
export async function attemptSignIn(database: Db, input: { email: string; password: string; address: string }): Promise<SignInOutcome> {
  const claim = await claimSignInAttempt(database, input.email, input.address);
  if (claim.waitSeconds > 0) return { kind: "limited", waitSeconds: claim.waitSeconds };
  const user = await getUserByEmail(database, input.email);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await unknownUserHash()));
  if (!user || !ok) return { kind: "wrong" };
  await forgetSignInAttempt(database, claim.attemptId);
  if (!user.active) return { kind: "inactive" };
  return { kind: "ok", user };
}
