import { format } from "date-fns";
import { demoUsers } from "@/lib/emulator/opendata";
import { expect, setFaults, test } from "./fixtures";

// A poll that fails used to leave the last progress on screen with no word of it.
test("the campaign page says so when its progress can no longer be refreshed", async ({ marketerPage: page }) => {
  test.setTimeout(120_000);
  await page.goto("/campaigns/new");
  await page.locator("#name").fill("E2E 轮询失败");
  await page.locator("#content").fill("轮询失败测试");
  // Scheduled for tomorrow, so the task stays open and the page keeps polling.
  await page.getByLabel("定时发送").check();
  await page.getByLabel("发送时间").fill(format(new Date(Date.now() + 24 * 3600_000), "yyyy-MM-dd'T'10:00"));
  await page.getByTestId("send-campaign").click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("poll-error")).toHaveCount(0);
  await expect(page.getByTestId("campaign-figures")).toHaveAttribute("data-stale", "false");

  // The session ends (signed out elsewhere): the next poll is refused, the page says why and greys the old figures.
  await page.context().clearCookies();
  await expect(page.getByTestId("poll-error")).toHaveText("登录已失效，请重新登录后再试。");
  await expect(page.getByTestId("campaign-figures")).toHaveAttribute("data-stale", "true");
  await page.context().close();
});

test("an audience build's page says so when its progress can no longer be refreshed", async ({ marketerPage: page, baseURL }) => {
  test.setTimeout(120_000);
  // A slow WeChat (2 s a getOpenData call), so the build is still running while the page polls.
  await setFaults(baseURL!, { latencyMs: 2000 });
  try {
    const started = await page.request.post("/api/audience-sources/cloudids", { data: { audienceName: `轮询失败 ${Date.now()}`, text: demoUsers(0, 1500).map((u) => u.cloudId).join("\n") } });
    expect(started.status()).toBe(200);
    const { jobId } = (await started.json()) as { jobId: string };
    await page.goto(`/audiences/from-mini-program/jobs/${jobId}`);
    await expect(page.getByTestId("job")).toHaveAttribute("data-state", "running");
    await expect(page.getByTestId("poll-error")).toHaveCount(0);
    await expect(page.getByTestId("job-figures")).toHaveAttribute("data-stale", "false");

    await page.context().clearCookies();
    await expect(page.getByTestId("poll-error")).toHaveText("登录已失效，请重新登录后再试。");
    await expect(page.getByTestId("job-figures")).toHaveAttribute("data-stale", "true");
  } finally {
    // WeChat answers at once again, so the build finishes within seconds after the test.
    await setFaults(baseURL!, { latencyMs: 0 });
    await page.context().close();
  }
});
