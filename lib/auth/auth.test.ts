import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { signInFailures } from "@/lib/db/schema";
import { verifyPassword } from "./password";
import { hasRole } from "./roles";
import { loadSessionUser, openSession, revokeSession } from "./sessions";
import { MAX_FAILURES, recordSignInFailure, secondsUntilSignInAllowed } from "./sign-in-limit";
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
      expect(await secondsUntilSignInAllowed(t.db, "x@example.com", "1.2.3.4", now)).toBe(0);
      await t.db.insert(signInFailures).values({ email: "x@example.com", address: "1.2.3.4", at: new Date(now.getTime() - 20_000 + i) });
    }
    expect(await secondsUntilSignInAllowed(t.db, "x@example.com", "1.2.3.4", now)).toBe(40);
    // Another address may still try; the account as a whole is limited at twice the rate.
    expect(await secondsUntilSignInAllowed(t.db, "x@example.com", "5.6.7.8", now)).toBe(0);
    // A minute after the first failure, it is allowed again.
    expect(await secondsUntilSignInAllowed(t.db, "x@example.com", "1.2.3.4", new Date(now.getTime() + 41_000))).toBe(0);
  });

  it("records failures", async () => {
    await t.db.delete(signInFailures);
    await recordSignInFailure(t.db, "y@example.com", "9.9.9.9");
    const rows = await t.db.select().from(signInFailures);
    expect(rows.map((r) => [r.email, r.address])).toEqual([["y@example.com", "9.9.9.9"]]);
  });
});
