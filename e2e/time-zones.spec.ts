import { E2E_ADMIN, expect, signInAndWait, test } from "./fixtures";

// Pages show moments in the reader's zone (China time unless they chose another), but a datetime-local input
// used to be read in the browser's own zone: from a laptop in Berlin, 10:00 typed became 17:00 China time.
test("a time typed into a form is read in the reader's chosen zone, not the browser's", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  await signInAndWait(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const name = `时区 ${Date.now()}`;
  await page.goto("/activities/new");
  await page.locator("#activity-name").fill(name);
  await page.locator("#activity-startAt").fill("2027-03-01T10:00");
  await page.locator("#activity-endAt").fill("2027-03-31T18:00");
  await page.locator("#activity-landingTitle").fill("时区测试");
  await page.locator("#activity-landingText").fill("时区测试。");
  await page.locator("#activity-landingButton").fill("打开小程序");
  await page.getByRole("button", { name: "创建活动" }).click();
  await page.waitForURL(/\/activities\/[0-9a-f]{32}$/);
  const id = page.url().split("/").pop()!;
  await expect(page.locator("#activity-startAt")).toHaveValue("2027-03-01T10:00");

  await page.goto("/activities");
  await expect(page.locator(`tr[data-activity-id="${id}"]`)).toContainText("2027/03/01 10:00 – 2027/03/31 18:00");
  await context.close();
});
