import { format } from "date-fns";
import { createUser, expect, newSignedInPage, test } from "./fixtures";

// A poll that fails used to leave the last progress on screen with no word of it.
test("the campaign page says so when its progress can no longer be refreshed", async ({ adminPage, browser }) => {
  test.setTimeout(120_000);
  const marketer = await createUser(adminPage, "marketer");
  const page = await newSignedInPage(browser, marketer.email, marketer.password);
  await page.goto("/campaigns/new");
  await page.locator("#name").fill("E2E 轮询失败");
  await page.locator("#content").fill("轮询失败测试");
  // Scheduled for tomorrow, so the task stays open and the page keeps polling.
  await page.getByLabel("定时发送").check();
  await page.getByLabel("发送时间").fill(format(new Date(Date.now() + 24 * 3600_000), "yyyy-MM-dd'T'10:00"));
  await page.getByTestId("send-campaign").click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("poll-error")).toHaveCount(0);

  // The session ends (signed out elsewhere): the next poll is refused, and the page says why.
  await page.context().clearCookies();
  await expect(page.getByTestId("poll-error")).toHaveText("登录已失效，请重新登录后再试。");
  await page.context().close();
});
