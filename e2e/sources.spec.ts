import { demoUsers } from "@/lib/emulator/opendata";
import { expect, setFaults, test } from "./fixtures";

test("a marketer builds an audience from demo cloudIDs, watches it finish and reads which ones did not resolve", async ({ adminPage: page }) => {
  await page.goto("/audiences");
  await page.getByTestId("audiences-from-mini-program").click();
  await page.waitForURL("**/audiences/from-mini-program");
  await page.locator("#cloudid-audience-name").fill("小程序授权用户");
  await page.getByTestId("cloudid-demo").click();
  await expect(page.getByTestId("cloudid-count")).toHaveText("22 个 cloudID");
  await page.getByTestId("cloudid-submit").click();

  await page.waitForURL(/\/audiences\/from-mini-program\/jobs\//);
  await expect(page.getByTestId("job")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("job-percent")).toHaveText("100%");
  await expect(page.getByTestId("job-resolved")).toHaveText("20");
  await expect(page.getByTestId("job-unresolved")).toHaveText("2");
  await expect(page.getByTestId("job-members")).toHaveText("20");
  await expect(page.getByTestId("unresolved-table")).toContainText("9_not-a-real-cloudid");
  await expect(page.getByTestId("unresolved-table")).toContainText("未知或已过期");

  // Still there after a reload: the job lives in the database.
  await page.reload();
  await expect(page.getByTestId("job")).toHaveAttribute("data-state", "done");
  const download = await page.request.get(await page.getByTestId("unresolved-download").getAttribute("href") as string);
  expect(await download.text()).toContain("expired-cloudid-example,unknown_or_expired");

  // The audience itself, like any other, with where each number came from.
  await page.getByTestId("job-audience-link").click();
  await page.waitForURL(/\/audiences\/[0-9a-f-]{36}$/);
  await expect(page.getByText(/^cloudid:9_/).first()).toBeVisible();
});

test("a cloud function's segment becomes an audience, and the slow one gives the 5-second message", async ({ adminPage: page }) => {
  await page.goto("/audiences/from-mini-program");
  await page.locator("#function-name").fill("exportUserSegment");
  await page.locator("#function-input").fill('{"segment": "even", "limit": 30}');
  await page.getByTestId("function-preview").click();
  await expect(page.getByTestId("function-response")).toContainText('"segment": "even"');
  await expect(page.getByText("返回中有 30 个手机号。")).toBeVisible();

  await page.locator("#function-audience-name").fill("偶数用户");
  await page.getByTestId("function-build").click();
  await page.waitForURL(/\/audiences\/from-mini-program\/jobs\//);
  await expect(page.getByTestId("job")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("job-members")).toHaveText("30");

  await page.goto("/audiences/from-mini-program");
  await page.locator("#function-name").fill("slowExport");
  await page.locator("#function-input").fill('{"seconds": 7}');
  await page.getByTestId("function-preview").click();
  await expect(page.getByTestId("source-error")).toHaveAttribute("data-code", "sources.errors.function_timeout");
  await expect(page.getByTestId("source-error")).toContainText("未在 5 秒内返回");
});

test("a cloud function's failure names the function and says WeChat's sentence, with WeChat's code underneath", async ({ adminPage: page, baseURL }) => {
  await page.goto("/audiences/from-mini-program");
  await page.locator("#function-name").fill("echo");
  await page.locator("#function-input").fill('{"users": 3}');
  await page.getByTestId("function-preview").click();
  await expect(page.getByTestId("source-error")).toHaveAttribute("data-code", "sources.errors.malformed_answer");
  await expect(page.getByTestId("function-response")).toContainText('"users": 3');

  await setFaults(baseURL!, { busyRate: 1 });
  try {
    await page.locator("#function-name").fill("exportUserSegment");
    await page.locator("#function-input").fill("{}");
    await page.getByTestId("function-preview").click();
    await expect(page.getByTestId("source-error")).toHaveText("调用云函数“exportUserSegment”时出错：微信系统繁忙，请稍后再试。");
    await expect(page.getByRole("alert").filter({ has: page.getByTestId("source-error") })).toContainText("微信错误码 -1：");
    await expect(page.getByTestId("function-response")).toHaveCount(0);
  } finally {
    await setFaults(baseURL!, { busyRate: 0 });
  }
});

test("cancelling a running build stops it within seconds and leaves no audience", async ({ adminPage: page, baseURL }) => {
  const name = `取消的人群 cancelled ${Date.now()}`;
  // A slow WeChat (2 s a getOpenData call), so the build is still running when it is cancelled.
  await setFaults(baseURL!, { latencyMs: 2000 });
  try {
    const started = await page.request.post("/api/audience-sources/cloudids", { data: { audienceName: name, text: demoUsers(0, 1500).map((u) => u.cloudId).join("\n") } });
    expect(started.status()).toBe(200);
    const { jobId } = (await started.json()) as { jobId: string };
    await page.goto(`/audiences/from-mini-program/jobs/${jobId}`);
    await expect(page.getByTestId("job")).toHaveAttribute("data-state", "running");
    await page.getByTestId("job-cancel").click();
    await expect(page.getByTestId("job")).toHaveAttribute("data-state", "cancelled");
    await expect(page.getByTestId("job-cancel")).toHaveCount(0);

    // The run notices within seconds and stops; nothing is written afterwards: no audience, the row stays cancelled.
    await setFaults(baseURL!, { latencyMs: 0 });
    const processedAt = async () => ((await (await page.request.get(`/api/audience-sources/jobs/${jobId}`)).json()) as { job: { processed: number; state: string } }).job;
    const first = await processedAt();
    await page.waitForTimeout(5000);
    const later = await processedAt();
    expect(later).toEqual(first);
    expect(later.state).toBe("cancelled");
    await page.goto("/audiences");
    // The list is there (the demo audience seeded at first start), without the cancelled one.
    await expect(page.getByText("演示人群 Demo audience")).toBeVisible();
    await expect(page.getByText(name)).toHaveCount(0);
  } finally {
    await setFaults(baseURL!, { latencyMs: 0 });
  }
});
