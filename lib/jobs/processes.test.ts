import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getSourceJob, startSourceJob } from "@/lib/audiences/sources";
import { audienceSourceJob } from "@/lib/audiences/sources/queue";
import { demoUsers } from "@/lib/emulator/opendata";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { workerProcesses, type WorkerProcess } from "@/test/worker-process";
import { queuedJob, waitForJob } from "./test-support";

/**
 * The queue across real worker processes (`npm run worker`, scripts/worker.ts) that are stopped or killed in the
 * middle of an audience-source job, against the emulator over HTTP.
 */
let emu: TestEmulator;
let workers: ReturnType<typeof workerProcesses>;
const started: WorkerProcess[] = [];

beforeAll(async () => {
  emu = await startTestEmulator({ start: new Date(), realTime: true });
  workers = workerProcesses(emu, { EMULATOR_SIMULATE: "off" });
});
afterEach(async () => {
  await emu.control("faults", { latencyMs: 0 });
  for (const w of started.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    await w.exited;
  }
});
afterAll(async () => {
  workers?.dispose();
  await emu?.close();
});

function worker(env: Record<string, string> = {}): WorkerProcess {
  const w = workers.start(env);
  started.push(w);
  return w;
}

/** How the process ended: its own exit code, or the signal that ended it. */
async function ending(w: WorkerProcess) {
  await w.exited;
  return { code: w.child.exitCode, signal: w.child.signalCode };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A cloudID job slow enough (20 getOpenData calls of `latencyMs` each, 4 at a time) to be caught running. */
async function slowJob(name: string, latencyMs: number) {
  expect((await emu.control("faults", { latencyMs })).status).toBe(200);
  const ids = demoUsers(0, 2000).map((u) => u.cloudId);
  const jobId = await startSourceJob(emu.t.db, { sourceKind: "cloudid", audienceName: name, label: null, createdBy: null, total: ids.length }, { kind: "cloudids", ids });
  return { jobId, ids };
}

async function untilRunning(jobId: string, w: WorkerProcess) {
  for (let i = 0; i < 600; i++) {
    const row = await getSourceJob(emu.t.db, jobId);
    if (row?.state === "running" && row.processed > 0) return row;
    if (w.child.exitCode !== null) throw new Error(`the worker exited (${w.child.exitCode})`);
    await sleep(100);
  }
  throw new Error(`job ${jobId} did not start running`);
}

async function queueRun(jobId: string) {
  const { rows } = await emu.t.db.$client.query<{ retry_count: number; started_on: Date; expire_seconds: number }>(
    "select retry_count, started_on, extract(epoch from expire_in)::int as expire_seconds from pgboss.job where id = $1",
    [jobId],
  );
  return rows[0];
}

async function audienceMembers(audienceId: string | null): Promise<number> {
  const { rows } = await emu.t.db.$client.query<{ n: number }>("select count(*)::int as n from audience_members where audience_id = $1", [audienceId]);
  return rows[0].n;
}

describe("queued jobs across worker processes", () => {
  it("a worker stopped with SIGTERM hands its running job back at once, and the next worker finishes it complete", async () => {
    const { jobId, ids } = await slowJob("handed back on SIGTERM", 1000);
    const first = worker();
    await first.ready;
    const running = await untilRunning(jobId, first);
    expect(running.processed).toBeLessThan(ids.length);

    first.child.kill("SIGTERM");
    // It stops on its own (its stop, not the signal's default), and by then the job is back on the queue.
    expect(await ending(first)).toEqual({ code: 0, signal: null });
    expect((await queuedJob(emu.t.db, audienceSourceJob.name, jobId))?.state).toBe("retry");
    expect((await getSourceJob(emu.t.db, jobId))?.state).toBe("queued");

    await emu.control("faults", { latencyMs: 0 });
    const second = worker();
    await waitForJob(emu.t.db, audienceSourceJob.name, jobId, ["completed"], 60_000);
    expect(second.child.exitCode).toBeNull();
    const done = await getSourceJob(emu.t.db, jobId);
    expect(done?.state).toBe("done");
    expect(done?.resolved).toBe(ids.length);
    expect(await audienceMembers(done!.audienceId)).toBe(ids.length);
  }, 120_000);

  it("a worker killed with SIGKILL mid-job: another worker hands the job back within seconds, not after its expiry, and finishes it complete", async () => {
    // Heartbeats every second: a worker silent for 6 s is taken for dead.
    const fast = { QUEUE_HEARTBEAT_SECONDS: "1" };
    const pair = [worker(fast), worker(fast)];
    // Both working the queue (each signed in as a queue worker).
    await expect.poll(async () => (await emu.t.db.$client.query("select 1 from queue_workers")).rowCount, { timeout: 60_000 }).toBe(2);
    const { jobId, ids } = await slowJob("taken over after SIGKILL", 1000);
    await untilRunning(jobId, pair[0]);
    const firstRun = await queueRun(jobId);
    // The worker running it, by the run it recorded.
    const { rows } = await emu.t.db.$client.query<{ pid: number }>("select w.pid from queue_runs r join queue_workers w on w.id = r.worker_id where r.job_id = $1", [jobId]);
    const first = pair.find((w) => w.child.pid === rows[0]?.pid)!;
    const other = pair.find((w) => w !== first)!;
    expect(first).toBeDefined();

    first.child.kill("SIGKILL");
    expect(await ending(first)).toEqual({ code: null, signal: "SIGKILL" });
    // Killed: the run is still `active` on the queue, as pg-boss alone would leave it until its expiry.
    expect((await queuedJob(emu.t.db, audienceSourceJob.name, jobId))?.state).toBe("active");
    await emu.control("faults", { latencyMs: 0 });

    await waitForJob(emu.t.db, audienceSourceJob.name, jobId, ["completed"], 90_000);
    const secondRun = await queueRun(jobId);
    // A second run, started by the other worker long before the first run's expiry would have let pg-boss retry it.
    expect(secondRun.retry_count).toBe(firstRun.retry_count + 1);
    expect(secondRun.started_on.getTime()).toBeLessThan(firstRun.started_on.getTime() + firstRun.expire_seconds * 1000);
    const done = await getSourceJob(emu.t.db, jobId);
    expect(done?.state).toBe("done");
    expect(done?.resolved).toBe(ids.length);
    expect(await audienceMembers(done!.audienceId)).toBe(ids.length);
    // The dead worker was handed back and forgotten (by the other: only a recovery deletes another's row); the live one is there.
    const { rows: workers } = await emu.t.db.$client.query<{ pid: number }>("select pid from queue_workers");
    expect(workers.map((w) => w.pid)).not.toContain(first.child.pid);
    expect(workers.map((w) => w.pid)).toContain(other.child.pid);
  }, 150_000);
});
