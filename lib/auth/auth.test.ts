import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { signInFailures } from "@/lib/db/schema";
import { hashPassword, verifyPassword } from "./password";
import { hasRole } from "./roles";
import { loadSessionUser, openSession, revokeSession } from "./sessions";
import { attemptSignIn, unknownUserHash } from "./sign-in";
import { claimSignInAttempt, MAX_FAILURES } from "./sign-in-limit";
import {
  createUser, DuplicateEmailError, ensureFirstAdmin, getUserByEmail, resetUserPassword, setUserActive, setUserRole,
} from "./users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe("roles", () => {
  it("rank analyst < marketer < admin", () => {
    expect(hasRole("admin", "marketer")).toBe(true);
    expect(hasRole("marketer", "marketer")).toBe(true);
    expect(hasRole("marketer", "admin")).toBe(false);
    expect(hasRole("analyst", "marketer")).toBe(false);
  });
});

describe("users", () => {
  it("creates the first admin once, with a generated password when none is given", async () => {
    const first = await ensureFirstAdmin(t.db, "boss@example.com", undefined);
    expect(first.created).toBe(true);
    const pw = first.created ? first.generatedPassword : undefined;
    expect(pw).toMatch(/^[A-Za-z2-9]{16}$/);
    const stored = await getUserByEmail(t.db, "boss@example.com");
    expect(stored?.role).toBe("admin");
    expect(stored?.passwordHash).not.toContain(pw!);
    expect(await verifyPassword(pw!, stored!.passwordHash)).toBe(true);
    expect(await ensureFirstAdmin(t.db, "other@example.com", "whatever-password")).toEqual({ created: false });
  });

  it("refuses a second user with the same email, whatever its case", async () => {
    await createUser(t.db, { email: "ana@example.com", name: "Ana", role: "analyst", password: "correct horse battery" });
    await expect(
      createUser(t.db, { email: "ana@example.com", name: "Ana 2", role: "admin", password: "another password" }),
    ).rejects.toBeInstanceOf(DuplicateEmailError);
  });

  it("ends every session of a user who is deactivated or whose password is reset", async () => {
    const u = await createUser(t.db, { email: "m@example.com", name: "M", role: "marketer", password: "marketing-pass-1" });
    const s1 = await openSession(t.db, u.id);
    expect((await loadSessionUser(t.db, s1))?.role).toBe("marketer");

    await setUserRole(t.db, u.id, "admin");
    expect((await loadSessionUser(t.db, s1))?.role).toBe("admin");

    await resetUserPassword(t.db, u.id, "a-brand-new-password");
    expect(await loadSessionUser(t.db, s1)).toBeNull();

    const s2 = await openSession(t.db, u.id);
    await setUserActive(t.db, u.id, false);
    expect(await loadSessionUser(t.db, s2)).toBeNull();
    await setUserActive(t.db, u.id, true);
    expect(await loadSessionUser(t.db, s2)).toBeNull();
    expect(await loadSessionUser(t.db, await openSession(t.db, u.id))).not.toBeNull();
  });

  it("ends one session on sign-out and leaves the others", async () => {
    const u = await createUser(t.db, { email: "two@example.com", name: "", role: "analyst", password: "two-devices-pass" });
    const a = await openSession(t.db, u.id);
    const b = await openSession(t.db, u.id);
    await revokeSession(t.db, a);
    expect(await loadSessionUser(t.db, a)).toBeNull();
    expect((await loadSessionUser(t.db, b))?.email).toBe("two@example.com");
  });
});

describe("sign-in limit", () => {
  it(`allows ${MAX_FAILURES} failures a minute per account and address, then says how long to wait`, async () => {
    const now = new Date("2026-11-22T10:00:00Z");
    await t.db.delete(signInFailures);
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await claimSignInAttempt(t.db, "x@example.com", "1.2.3.4", new Date(now.getTime() - 20_000 + i))).waitSeconds).toBe(0);
    }
    expect((await claimSignInAttempt(t.db, "x@example.com", "1.2.3.4", now)).waitSeconds).toBe(40);
    // Another address may still try; the account as a whole is limited at twice the rate.
    expect((await claimSignInAttempt(t.db, "x@example.com", "5.6.7.8", now)).waitSeconds).toBe(0);
    // A minute after the first failure, it is allowed again.
    expect((await claimSignInAttempt(t.db, "x@example.com", "1.2.3.4", new Date(now.getTime() + 41_000))).waitSeconds).toBe(0);
  });

  it("checks and counts in one step: of a burst of parallel wrong passwords only five get to try", async () => {
    await t.db.delete(signInFailures);
    await createUser(t.db, { email: "burst@example.com", name: "b", role: "analyst", password: "the-right-password" });
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => attemptSignIn(t.db, { email: "burst@example.com", password: "wrong-password", address: "1.2.3.4" })),
    );
    expect(outcomes.filter((o) => o.kind === "wrong")).toHaveLength(MAX_FAILURES);
    expect(outcomes.filter((o) => o.kind === "limited")).toHaveLength(12 - MAX_FAILURES);
    expect(await t.db.$count(signInFailures)).toBe(MAX_FAILURES);
  });

  it("does not count a correct password, and says nothing about whether an email exists", async () => {
    await t.db.delete(signInFailures);
    await createUser(t.db, { email: "right@example.com", name: "r", role: "analyst", password: "the-right-password" });
    expect((await attemptSignIn(t.db, { email: "right@example.com", password: "the-right-password", address: "1.2.3.4" })).kind).toBe("ok");
    expect(await t.db.$count(signInFailures)).toBe(0);
    expect(await attemptSignIn(t.db, { email: "nobody@example.com", password: "x", address: "1.2.3.4" })).toEqual({ kind: "wrong" });
    expect(await attemptSignIn(t.db, { email: "right@example.com", password: "x", address: "1.2.3.4" })).toEqual({ kind: "wrong" });
  });

  it("compares an unknown email against a hash of the same bcrypt cost as real passwords", async () => {
    const real = await hashPassword("some-password-123");
    const dummy = await unknownUserHash();
    expect(dummy.slice(0, 7)).toBe(real.slice(0, 7));
    expect(dummy).toMatch(/^\$2[aby]\$\d\d\$.{53}$/);
  });
});
