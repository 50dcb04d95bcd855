import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createWechatClient } from "@/lib/wechat";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { getQueueOverview } from "./admin";
import { installJobQueue } from "./boss";
import { cancelQueuedJob, enqueueByName, retryQueuedJob } from "./enqueue";
import { queuedJob, startTestJobWorker, waitForJob } from "./test-support";
import { defineJob, JobAborted, type JobContext, type JobKind } from "./types";
import type { JobWorker } from "./worker";

// The queue itself under test: real pg-boss on the real (embedded) PostgreSQL, with job kinds of the test's own
// that record what they did in a table.
let t: TestDatabase;
const wechat = createWechatClient({ apiBase: "http://127.0.0.1:9/unused", appId: "wxunused", secret: "unused", envId: "unused" });

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.$client.query(`create table job_runs (job_id uuid, worker text, key text, started timestamptz, ended timestamptz, outcome text)`);
});
afterAll(async () => t.drop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const untilAborted = (signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));

async function recordRun(db: Db, jobId: string, worker: string, key: string, body: () => Promise<string>) {
  const started = new Date();
  const outcome = await body().catch((e: unknown) => `threw: ${e instanceof Error ? e.message : String(e)}`);
  await db.$client.query(`insert into job_runs values ($1, $2, $3, $4, now(), $5)`, [jobId, worker, key, started, outcome]);
  if (outcome.startsWith("threw")) throw new Error(outcome);
  return outcome;
}

async function runsOf(jobIds: string[]) {
  const { rows } = await t.db.$client.query<{ job_id: string; worker: string; key: string; started: Date; ended: Date; outcome: string }>(
    `select * from job_runs where job_id = any($1::uuid[]) order by started`,
    [jobIds],
  );
  return rows;
}

/** A kind whose runs hold for a moment, recording which worker ran them. */
function slowKind(name: string, worker: string): JobKind {
  return defineJob({
    name,
    concurrency: 2,
    retry: { limit: 0, delaySeconds: 1, backoff: false },
    async handler(data: { key: string }, ctx) {
      return recordRun(ctx.db, ctx.jobId, worker, data.key, async () => {
        await sleep(150);
        return "ok";
      });
    },
  });
}

/**
 * A kind with 3 retries a second apart whose run, in a worker where `aborts`, waits for its signal and fails with
 * the reason (after `afterAbort`); elsewhere succeeds (after `beforeOk`).
 */
function abortingKind(
  name: string,
  worker: string,
  aborts: boolean,
  hooks: { afterAbort?: (ctx: JobContext) => Promise<void>; beforeOk?: (ctx: JobContext) => Promise<void> } = {},
): JobKind {
  return defineJob({
    name,
    retry: { limit: 3, delaySeconds: 1, backoff: false },
    async handler(_data: object, ctx) {
      return recordRun(ctx.db, ctx.jobId, worker, "x", async () => {
        if (aborts) {
          await untilAborted(ctx.signal);
          await hooks.afterAbort?.(ctx);
          throw new Error(`aborted: ${(ctx.signal.reason as JobAborted).reason}`);
        }
        await hooks.beforeOk?.(ctx);
        return "ok";
      });
    },
  });
}

describe("many workers", () => {
  it("two workers never run the same job at once, and never two jobs of one key at once", async () => {
    const name = "test-many-workers";
    // Two workers as two processes would have them: each its own connection pool.
    const dbA = createDb(t.url, 5);
    const dbB = createDb(t.url, 5);
    const workers: JobWorker[] = [];
    try {
      await installJobQueue(t.db, [slowKind(name, "none")]);
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) ids.push(await enqueueByName(name, { key: `k${i % 3}` }, { db: t.db, singletonKey: `k${i % 3}` }));
      workers.push(await startTestJobWorker(dbA, wechat, [slowKind(name, "A")]));
      workers.push(await startTestJobWorker(dbB, wechat, [slowKind(name, "B")]));
      for (const id of ids) await waitForJob(t.db, name, id, ["completed", "failed"], 60_000);

      const runs = await runsOf(ids);
      // Each job ran exactly once, and successfully.
      expect(runs.map((r) => r.job_id).sort()).toEqual([...ids].sort());
      expect(runs.every((r) => r.outcome === "ok")).toBe(true);
      // Both workers took part.
      expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(["A", "B"]));
      // Runs of one key never overlap, whichever worker ran them.
      for (const key of ["k0", "k1", "k2"]) {
        const ofKey = runs.filter((r) => r.key === key);
        expect(ofKey).toHaveLength(8);
        for (let i = 1; i < ofKey.length; i++) expect(ofKey[i].started.getTime()).toBeGreaterThanOrEqual(ofKey[i - 1].ended.getTime());
      }
      // Jobs of different keys did run side by side (the key, not the queue, is what serialises).
      const overlapping = runs.some((a) => runs.some((b) => a.key !== b.key && a.started < b.ended && b.started < a.ended));
      expect(overlapping).toBe(true);
    } finally {
      for (const w of workers) await w.stop();
      await dbA.$client.end();
      await dbB.$client.end();
    }
  });
});

describe("the admin's overview", () => {
  it("leaves out pg-boss's own queue (the cron schedules' jobs are not an admin's to cancel)", async () => {
    const worker = await startTestJobWorker(t.db, wechat, [slowKind("test-overview", "A")]);
    try {
      const ours = await enqueueByName("test-overview", { key: "x" }, { db: t.db, startAfter: new Date(Date.now() + 3_600_000) });
      const internal = await enqueueByName("__pgboss__send-it", {}, { db: t.db, startAfter: new Date(Date.now() + 3_600_000) });
      const waiting = (await getQueueOverview(t.db)).waiting.map((j) => j.id);
      expect(waiting).toContain(ours);
      expect(waiting).not.toContain(internal);
    } finally {
      await worker.stop();
    }
  });
});

describe("scheduling, retries, cancel, restart", () => {
  it("does not start a job before its startAfter time", async () => {
    const name = "test-start-after";
    const kind = slowKind(name, "A");
    const worker = await startTestJobWorker(t.db, wechat, [kind]);
    try {
      const startAfter = new Date(Date.now() + 2000);
      const id = await enqueueByName(name, { key: "x" }, { db: t.db, startAfter });
      await waitForJob(t.db, name, id, ["completed"]);
      const [run] = await runsOf([id]);
      expect(run.started.getTime()).toBeGreaterThanOrEqual(startAfter.getTime());
    } finally {
      await worker.stop();
    }
  });

  it("retries a failing job with a growing delay and keeps the last error for Settings", async () => {
    const name = "test-retries";
    const kind = defineJob({
      name,
      retry: { limit: 2, delaySeconds: 1, backoff: true },
      async handler(data: { failures: number }, ctx) {
        return recordRun(ctx.db, ctx.jobId, "A", "x", async () => {
          if (ctx.retryCount < data.failures) throw new Error(`boom ${ctx.retryCount}`);
          return "ok";
        });
      },
    });
    const worker = await startTestJobWorker(t.db, wechat, [kind]);
    try {
      const recovers = await enqueueByName(name, { failures: 2 }, { db: t.db });
      const neverRecovers = await enqueueByName(name, { failures: 9 }, { db: t.db });
      expect((await waitForJob(t.db, name, recovers, ["completed"], 30_000)).retryCount).toBe(2);
      await waitForJob(t.db, name, neverRecovers, ["failed"], 30_000);

      const runs = await runsOf([recovers]);
      expect(runs.map((r) => r.outcome)).toEqual(["threw: boom 0", "threw: boom 1", "ok"]);
      const firstGap = runs[1].started.getTime() - runs[0].ended.getTime();
      const secondGap = runs[2].started.getTime() - runs[1].ended.getTime();
      // Backoff: the n-th retry waits between delay·2^n and twice that (pg-boss adds jitter), so at least 1 s, then 2 s.
      expect(firstGap).toBeGreaterThanOrEqual(950);
      expect(secondGap).toBeGreaterThanOrEqual(1950);

      const overview = await getQueueOverview(t.db);
      const failed = overview.failed.find((j) => j.id === neverRecovers);
      expect(failed?.error).toBe("threw: boom 2");
      // An admin's retry gives it one more run.
      expect(await retryQueuedJob(t.db, name, neverRecovers)).toBe(true);
      await waitForJob(t.db, name, neverRecovers, ["failed"], 30_000);
      expect((await runsOf([neverRecovers])).map((r) => r.outcome)).toEqual(["threw: boom 0", "threw: boom 1", "threw: boom 2", "threw: boom 3"]);
    } finally {
      await worker.stop();
    }
  });

  it("aborts a running job within seconds when it is cancelled", async () => {
    const name = "test-cancel";
    const kind = defineJob({
      name,
      async handler(_data: object, ctx) {
        return recordRun(ctx.db, ctx.jobId, "A", "x", async () => {
          await untilAborted(ctx.signal);
          return `aborted: ${(ctx.signal.reason as JobAborted).reason}`;
        });
      },
    });
    const worker = await startTestJobWorker(t.db, wechat, [kind]);
    try {
      const id = await enqueueByName(name, {}, { db: t.db });
      await waitForJob(t.db, name, id, ["active"]);
      expect((await getQueueOverview(t.db)).running.map((j) => j.id)).toContain(id);
      expect(await cancelQueuedJob(t.db, name, id)).toBe(true);
      for (let i = 0; i < 50 && (await runsOf([id])).length === 0; i++) await sleep(100);
      expect((await runsOf([id])).map((r) => r.outcome)).toEqual(["aborted: cancelled"]);
      expect((await waitForJob(t.db, name, id, ["cancelled"])).state).toBe("cancelled");
      expect(await cancelQueuedJob(t.db, name, id)).toBe(false);
    } finally {
      await worker.stop();
    }
  });

  it("hands a running job back to the queue when its worker stops, and the next worker finishes it", async () => {
    const name = "test-handover";
    const kind = (worker: string) => abortingKind(name, worker, worker === "first");
    const first = await startTestJobWorker(t.db, wechat, [kind("first")]);
    const id = await enqueueByName(name, {}, { db: t.db });
    await waitForJob(t.db, name, id, ["active"]);
    await first.stop();
    expect((await waitForJob(t.db, name, id, ["retry"])).retryCount).toBe(0);
    const second = await startTestJobWorker(t.db, wechat, [kind("second")]);
    try {
      await waitForJob(t.db, name, id, ["completed"]);
      expect((await runsOf([id])).map((r) => `${r.worker}: ${r.outcome}`)).toEqual(["first: threw: aborted: stopping", "second: ok"]);
    } finally {
      await second.stop();
    }
  });

  it("a worker taken for dead while only slow stops its run, and its late failure does not end the run another worker took over", async () => {
    const name = "test-lost";
    const kind = (worker: string) =>
      abortingKind(name, worker, worker === "stalled", {
        // Slow to end: its failure comes once the other worker runs the retry.
        afterAbort: async (ctx) => {
          while ((await queuedJob(ctx.db, name, ctx.jobId))?.retryCount !== 1) await sleep(100);
        },
        // Still running when the stalled worker's run ends and reports its failure.
        beforeOk: async (ctx) => {
          while ((await runsOf([ctx.jobId])).length === 0) await sleep(100);
        },
      });
    // Its heartbeat every 60 s, while the other takes a worker silent for 6 s for dead: as if its heartbeats stalled.
    const stalled = await startTestJobWorker(t.db, wechat, [kind("stalled")], { heartbeatSeconds: 60 });
    const id = await enqueueByName(name, {}, { db: t.db });
    await waitForJob(t.db, name, id, ["active"]);
    const other = await startTestJobWorker(t.db, wechat, [kind("other")], { heartbeatSeconds: 1 });
    try {
      const done = await waitForJob(t.db, name, id, ["completed"], 45_000);
      expect(done.retryCount).toBe(1);
      const runs = await runsOf([id]);
      expect(runs.map((r) => `${r.worker}: ${r.outcome}`)).toEqual(["stalled: threw: aborted: lost", "other: ok"]);
      // The stalled run's failure came while the other run was active, and did not end or repeat it.
      expect(runs[0].ended.getTime()).toBeLessThanOrEqual(runs[1].ended.getTime());
      expect((await waitForJob(t.db, name, id, ["completed"])).retryCount).toBe(1);
    } finally {
      await other.stop();
      await stalled.stop();
    }
  }, 60_000);
});
