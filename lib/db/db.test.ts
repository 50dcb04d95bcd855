import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { users } from "./schema";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe("test databases", () => {
  it("have every migration applied and start empty", async () => {
    const rows = await t.db.select().from(users);
    expect(rows).toEqual([]);
  });

  it("store and read back a row", async () => {
    await t.db.insert(users).values({ email: "a@example.com", passwordHash: "x", role: "analyst" });
    const [row] = await t.db.select().from(users).where(eq(users.email, "a@example.com"));
    expect(row.role).toBe("analyst");
    expect(row.active).toBe(true);
  });
});
