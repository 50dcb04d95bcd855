import path from "node:path";
import type { Page } from "@playwright/test";
import { createDb } from "@/lib/db";
import { embeddedDatabaseUrl } from "@/lib/db/embedded";
import { demoUsers } from "@/lib/emulator/opendata";
import { statsSyncKey } from "@/lib/history/queue";
import { createBoss } from "@/lib/jobs/boss";
import { e2eServer, expect, setFaults, shoot, test } from "./fixtures";

/**
 * Settings → job queue, as an admin sees it, against the e2e server's own worker (one process, two audience-source
 * runs at a time) and its emulator: jobs waiting, running, and failed with their last error; cancel and retry.
 */

const SHOTS = path.join(".tmp", "screenshots", "queue");
const QUEUE_SPEC_ACTIVITY = "queue-spec-activity";

/** The e2e server's database (its embedded PostgreSQL, found through its data folder as `npm run worker` finds it). */
function e2eDb() {
  return createDb(embeddedDatabaseUrl(e2eServer().dataDir)!, 1);
}

async function queueState(id: string): Promise<string | undefined> {
  const db = e2eDb();
  try {
    return (await db.$client.query<{ state: string }>("select state::text from pgboss.job where id = $1", [id])).rows[0]?.state;
  } finally {
    await db.$client.end();
  }
}

/**
 * A real statistics sync of a demo activity, sent without retries, so that it fails for good on its first run
 * while the emulator answers -1 (busy).
 */
async function sendSyncWithoutRetries(activityId: string): Promise<string> {
  const db = e2eDb();
  const boss = createBoss(db);
  await boss.start();
  try {
    return (await boss.send("stats-sync", { activityId }, { retryLimit: 0, singletonKey: statsSyncKey(activityId) }))!;
  } finally {
    await boss.stop({ graceful: false, close: false });
    await db.$client.end();
  }
}

async function startCloudIdJob(page: Page, name: string): Promise<string> {
  // 200 getOpenData calls of 5 s, 4 at a time: still running after the screenshots on a busy machine.
  const ids = demoUsers(0, 20_000).map((u) => u.cloudId);
  const res = await page.request.post("/api/audience-sources/cloudids", { data: { audienceName: name, text: ids.join("\n") } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { jobId: string }).jobId;
}

async function sourceJob(page: Page, id: string): Promise<{ state: string; audienceId: string | null }> {
  const res = await page.request.get(`/api/audience-sources/jobs/${id}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { job: { state: string; audienceId: string | null } }).job;
}

test("Settings → job queue: waiting, running, failed with its last error; cancel and retry act", async ({ adminPage: page, baseURL }) => {
  test.setTimeout(420_000);
  const row = (section: string, id: string) => page.getByTestId(`job-queue-${section}`).locator(`[data-job-id="${id}"]`);
  try {
    // Failed: a statistics sync while WeChat answers "busy" to everything, with no retry left. Of an activity id no
    // page and no schedule syncs: a demo activity's sync may find the overview page's own sync of it running (the
    // run then ends "busy", completed) or wait behind its backfill.
    await setFaults(baseURL!, { busyRate: 1 });
    const failedId = await sendSyncWithoutRetries(QUEUE_SPEC_ACTIVITY);
    // On a fresh start the demo backfills hold the sync slots first.
    await expect.poll(() => queueState(failedId), { timeout: 240_000 }).toBe("failed");
    await setFaults(baseURL!, { busyRate: 0, latencyMs: 5000 });

    // Running and waiting: WeChat slowed down, three cloudID jobs for a worker that runs two at a time.
    const jobs = [await startCloudIdJob(page, "队列一 Queue one"), await startCloudIdJob(page, "队列二 Queue two"), await startCloudIdJob(page, "队列三 Queue three")];
    await page.goto("/settings");
    await expect(row("running", jobs[0])).toBeVisible({ timeout: 30_000 });
    await expect(row("running", jobs[1])).toBeVisible();
    await expect(row("waiting", jobs[2])).toBeVisible();
    await expect(row("waiting", jobs[2])).toContainText(/从小程序生成人群|Audience from the mini program/);
    await expect(row("failed", failedId).getByTestId("job-queue-error")).toContainText(`statistics sync of ${QUEUE_SPEC_ACTIVITY} failed`);
    // WeChat's "busy" in the reader's language, above the stored detail.
    await expect(row("failed", failedId).getByTestId("job-queue-error")).toContainText("微信系统繁忙，请稍后再试。");
    // pg-boss's own jobs (the cron schedules') are not listed, so an admin cannot cancel them.
    await expect(page.getByTestId("job-queue")).not.toContainText("__pgboss");
    await shoot(
      page,
      SHOTS,
      "settings-queue",
      () => expect(row("running", jobs[0])).toBeVisible(),
      () => page.getByTestId("job-queue"),
    );
    await page.goto(`/audiences/from-mini-program/jobs/${jobs[0]}`);
    await expect(page.getByTestId("job")).toHaveAttribute("data-state", "running");
    await shoot(page, SHOTS, "source-job-running");

    // Cancel, from the queue: the waiting one never runs, the running one stops; neither leaves an audience.
    await page.goto("/settings");
    await row("waiting", jobs[2]).getByRole("button", { name: /取消|Cancel/ }).click();
    await expect(row("waiting", jobs[2])).toHaveCount(0);
    await row("running", jobs[0]).getByRole("button", { name: /取消|Cancel/ }).click();
    await expect(row("running", jobs[0])).toHaveCount(0);
    for (const id of [jobs[0], jobs[2]]) {
      await expect.poll(() => queueState(id)).toBe("cancelled");
      expect(await sourceJob(page, id)).toMatchObject({ state: "cancelled", audienceId: null });
    }

    // Retry, from the queue: the failed sync runs once more, now that WeChat answers, and completes.
    await setFaults(baseURL!, { latencyMs: 0 });
    await row("failed", failedId).getByRole("button", { name: /重试|Retry/ }).click();
    await expect(row("failed", failedId)).toHaveCount(0);
    await expect.poll(() => queueState(failedId), { timeout: 60_000 }).toBe("completed");

    // The other running job, left alone, finishes with its whole audience.
    await expect.poll(async () => (await sourceJob(page, jobs[1])).state, { timeout: 120_000 }).toBe("done");
  } finally {
    await setFaults(baseURL!, { busyRate: 0, latencyMs: 0 });
  }
});
