import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installJobQueue, QUEUE_SCHEMA } from "./boss";
import { jobRegistry } from "./registry";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("installing the job queue", () => {
  it("several processes starting at once on a fresh database all install it, and each queue is made once", async () => {
    // Each its own pool, as each process has.
    const pools = Array.from({ length: 4 }, () => createDb(t.url, 3));
    try {
      // A deadlock does not happen every time: a few first deployments.
      for (let round = 0; round < 4; round++) {
        // As a first deployment of several workers (`npm run worker` × N) finds it: no queue schema yet.
        await t.db.$client.query(`drop schema ${QUEUE_SCHEMA} cascade`);
        const outcomes = await Promise.allSettled(pools.map((db) => installJobQueue(db, jobRegistry)));
        expect(outcomes.map((o) => (o.status === "rejected" ? String(o.reason) : "installed"))).toEqual(pools.map(() => "installed"));
      }
    } finally {
      await Promise.all(pools.map((db) => db.$client.end()));
    }
    const queues = await t.db.$client.query<{ name: string }>(`select name from ${QUEUE_SCHEMA}.queue order by name`);
    expect(queues.rows.map((q) => q.name)).toEqual(jobRegistry.map((k) => k.name).sort());
  });
});
