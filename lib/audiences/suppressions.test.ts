import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { users } from "@/lib/db/schema";
import { auditEntries } from "@/test/audit";
import { addSuppressions, importSuppressionsFromCsv, isSuppressed, suppressedAmong, listSuppressionRemovals, listSuppressions, removeSuppression } from "./index";

let t: TestDatabase;
let alice: string;
let bob: string;
beforeAll(async () => {
  t = await createTestDatabase();
  const rows = await t.db
    .insert(users)
    .values([
      { email: "alice@example.com", passwordHash: "x", role: "marketer" },
      { email: "bob@example.com", passwordHash: "x", role: "admin" },
    ])
    .returning({ id: users.id });
  [alice, bob] = rows.map((r) => r.id);
});
afterAll(async () => t.drop());

describe("the opt-out list", () => {
  it("adds numbers in any shape once, reporting invalid ones and those already listed", async () => {
    const first = await addSuppressions(t.db, { phones: "13800138000\n+86 139 0013 9000, bad", reason: "replied R", addedBy: alice });
    expect(first).toMatchObject({ rows: 3, valid: 2, invalid: 1, added: 2, alreadyListed: 0 });
    const second = await addSuppressions(t.db, { phones: ["0086 138 0013 8000", "13700137000", "137-0013-7000"], reason: "complaint", addedBy: bob });
    expect(second).toMatchObject({ rows: 3, valid: 3, duplicates: 1, added: 1, alreadyListed: 1 });

    const { rows, total } = await listSuppressions(t.db, { phones: "whole" });
    expect(total).toBe(3);
    const first138 = rows.find((r) => r.phone === "+8613800138000");
    expect(first138).toMatchObject({ reason: "replied R", addedByEmail: "alice@example.com" });
    // Analysts see the same list with every number masked.
    const masked = await listSuppressions(t.db, { phones: "masked" });
    expect(masked.rows.map((r) => r.phone).sort()).toEqual(["137****7000", "138****8000", "139****9000"]);
  });

  it("answers isSuppressed for any shape of the number", async () => {
    expect(await isSuppressed(t.db, "+86 138-0013-8000")).toBe(true);
    expect(await isSuppressed(t.db, "13100131000")).toBe(false);
    expect(await isSuppressed(t.db, "not a number")).toBe(false);
  });

  it("tells which numbers of a batch are listed", async () => {
    expect(await suppressedAmong(t.db, ["+8613800138000", "+8613100131000", "+8613700137000"])).toEqual(new Set(["+8613800138000", "+8613700137000"]));
    expect(await suppressedAmong(t.db, [])).toEqual(new Set());
  });

  it("removes a number and records who added it and who removed it", async () => {
    expect(await removeSuppression(t.db, "139 0013 9000", bob)).toBe(true);
    expect(await removeSuppression(t.db, "139 0013 9000", bob)).toBe(false);
    expect(await isSuppressed(t.db, "13900139000")).toBe(false);
    const [removal] = await listSuppressionRemovals(t.db, { phones: "whole" });
    expect(removal).toMatchObject({ phone: "+8613900139000", reason: "replied R", addedByEmail: "alice@example.com", removedByEmail: "bob@example.com" });
    expect(removal.removedAt.getTime()).toBeGreaterThanOrEqual(removal.addedAt.getTime());
    // README: the removal is in the audit log with who added the number and who removed it; once, for the one removal.
    expect(await auditEntries(t.db, "optout.remove")).toEqual([
      { userId: bob, action: "optout.remove", subject: "+8613900139000", details: { reason: "replied R", addedBy: alice, addedAt: removal.addedAt.toISOString() } },
    ]);
  });

  it("imports a CSV file and finds numbers by any part of them", async () => {
    const report = await importSuppressionsFromCsv(t.db, Readable.from(["手机,备注\n13500135000,x\n13600136000,y\n"]), {
      filename: "optout.csv",
      reason: "import",
      addedBy: alice,
    });
    expect(report).toMatchObject({ added: 2, invalid: 0 });
    expect(report.layout.columnName).toBe("手机");
    const found = await listSuppressions(t.db, { search: "135 0013", phones: "whole" });
    expect(found.rows.map((r) => r.phone)).toEqual(["+8613500135000"]);
  });
});
