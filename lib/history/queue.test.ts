/** The statistics sync on the real job queue (pg-boss on the test's database), against the emulator over HTTP. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities } from "@/lib/db/schema";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { startTestJobWorker, waitForJob } from "@/lib/jobs/test-support";
import type { JobWorker } from "@/lib/jobs/worker";
import { createWechatClient } from "@/lib/wechat";
import { syncWindow } from "./days";
import { enqueueStatsSync, statsScheduleJob, statsSyncJob } from "./queue";
import { dueActivities } from "./status";

let emu: TestEmulator;
let worker: JobWorker;
const now = new Date();
const window = { startAt: new Date(now.getTime() - 3 * 86400_000), endAt: new Date(now.getTime() + 86400_000) };

beforeAll(async () => {
  emu = await startTestEmulator();
  const wechat = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, retry: { attempts: 1, baseDelayMs: 1 } });
  await emu.t.db.insert(activities).values([
    { id: "queued", name: "Queued", ...window, landingTitle: "t", landingButton: "b" },
    { id: "waiting", name: "Waiting", ...window, landingTitle: "t", landingButton: "b" },
  ]);
  worker = await startTestJobWorker(emu.t.db, wechat, [statsSyncJob, statsScheduleJob]);
});

afterAll(async () => {
  await worker?.stop();
  await emu?.close();
});

describe("the stats-sync job", () => {
  it("backfills an activity's window when it is queued, and the schedule leaves it alone afterwards", async () => {
    const opts = { syncMinutes: 10, settleHours: 6 };
    expect(await dueActivities(emu.t.db, opts)).toEqual(expect.arrayContaining(["queued", "waiting"]));
    const id = await enqueueStatsSync("queued", emu.t.db);
    // Queued and not started yet, or already done: either way not due again.
    expect(await dueActivities(emu.t.db, opts)).not.toContain("queued");
    const job = await waitForJob(emu.t.db, "stats-sync", id, ["completed", "failed"], 60_000);
    expect(job.state).toBe("completed");
    expect(job.output).toMatchObject({ status: "done", days: syncWindow(window, now, 90).length });
    const stored = await emu.t.db.execute<{ n: number }>(sql`select count(*)::int as n from stats_days where activity_id = 'queued'`);
    expect(Number(stored.rows[0].n)).toBe(syncWindow(window, now, 90).length);
    expect(await dueActivities(emu.t.db, opts)).not.toContain("queued");
    expect(await dueActivities(emu.t.db, opts)).toContain("waiting");
  });
});
