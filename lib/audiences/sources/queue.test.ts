import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoUsers } from "@/lib/emulator/opendata";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { cancelJob, getQueueOverview } from "@/lib/jobs/admin";
import { startTestJobWorker, waitForJob } from "@/lib/jobs/test-support";
import type { JobWorker } from "@/lib/jobs/worker";
import { createWechatClient, type WechatClient } from "@/lib/wechat";
import { audienceSourceJob, getSourceJob, markSourceJobCancelled, runSourceJob, SourceJobCancelled, startSourceJob, createSourceJob } from "./index";

// Audience sources on the real queue, against the emulator over HTTP.
let emu: TestEmulator;
let wechat: WechatClient;
let worker: JobWorker;
beforeAll(async () => {
  emu = await startTestEmulator({ start: new Date() });
  wechat = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId });
  worker = await startTestJobWorker(emu.t.db, wechat, [audienceSourceJob]);
});
afterAll(async () => {
  await worker.stop();
  await emu.close();
});

const audiencesNamed = async (name: string) =>
  Number((await emu.t.db.execute<{ n: string }>(sql`select count(*)::text as n from audiences where name = ${name}`)).rows[0].n);

const newJob = (audienceName: string, total: number) => ({ sourceKind: "cloudid" as const, audienceName, label: null, createdBy: null, total });

describe("audience sources on the job queue", () => {
  it("a worker builds the audience of a queued cloudID job", async () => {
    const ids = demoUsers(0, 150).map((u) => u.cloudId);
    const jobId = await startSourceJob(emu.t.db, newJob("queued build", ids.length), { kind: "cloudids", ids });
    expect((await getSourceJob(emu.t.db, jobId))?.state).toMatch(/queued|running|done/);
    await waitForJob(emu.t.db, audienceSourceJob.name, jobId, ["completed"]);
    const job = await getSourceJob(emu.t.db, jobId);
    expect(job?.state).toBe("done");
    expect(job?.resolved).toBe(150);
    expect(await audiencesNamed("queued build")).toBe(1);
  });

  it("finds no job for an ID that is not a UUID (a mistyped URL), as for one that names nothing", async () => {
    expect(await getSourceJob(emu.t.db, "not-a-uuid")).toBeNull();
    expect(await getSourceJob(emu.t.db, crypto.randomUUID())).toBeNull();
  });

  it("cancelled from Settings while running: stops, the row says cancelled, and no audience is kept", async () => {
    expect((await emu.control("faults", { latencyMs: 500 })).status).toBe(200);
    try {
      const ids = demoUsers(0, 1200).map((u) => u.cloudId);
      const jobId = await startSourceJob(emu.t.db, newJob("cancelled from settings", ids.length), { kind: "cloudids", ids });
      await waitForJob(emu.t.db, audienceSourceJob.name, jobId, ["active"]);
      expect((await getQueueOverview(emu.t.db)).running.map((j) => j.id)).toContain(jobId);
      expect(await cancelJob(emu.t.db, audienceSourceJob.name, jobId)).toBe(true);
      expect((await getSourceJob(emu.t.db, jobId))?.state).toBe("cancelled");
      await waitForJob(emu.t.db, audienceSourceJob.name, jobId, ["cancelled"]);
      // Give the aborted run time to have written anything it would have written.
      await new Promise((r) => setTimeout(r, 2000));
      const job = await getSourceJob(emu.t.db, jobId);
      expect(job?.state).toBe("cancelled");
      expect(job?.processed).toBeLessThan(ids.length);
      expect(await audiencesNamed("cancelled from settings")).toBe(0);
      expect(await cancelJob(emu.t.db, audienceSourceJob.name, jobId)).toBe(false);
    } finally {
      await emu.control("faults", { latencyMs: 0 });
    }
  });

  it("a cancel the run did not hear about still keeps no audience: the final write checks the row", async () => {
    const ids = demoUsers(0, 300).map((u) => u.cloudId);
    const jobId = await createSourceJob(emu.t.db, newJob("cancelled at the last moment", ids.length));
    const run = runSourceJob(emu.t.db, wechat, jobId, { kind: "cloudids", ids }, { batchSize: 100, concurrency: 1, lastAttempt: false });
    // The row is cancelled while the cloudIDs are resolved; no signal tells the run.
    for (let i = 0; i < 100 && (await getSourceJob(emu.t.db, jobId))?.state !== "running"; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await markSourceJobCancelled(emu.t.db, jobId)).toBe(true);
    await expect(run).rejects.toBeInstanceOf(SourceJobCancelled);
    expect((await getSourceJob(emu.t.db, jobId))?.state).toBe("cancelled");
    expect(await audiencesNamed("cancelled at the last moment")).toBe(0);
  });
});
