import path from "node:path";
import { expect, test } from "./fixtures";

/** Analysts read activities (and their links and QR codes) but change nothing; the demo activities are there. */
test("an analyst sees activities read-only and cannot open the create page", async ({ analystPage: page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/activities");
  await expect(page.getByText(/只能查看活动|can only view activities/)).toBeVisible();
  await expect(page.getByRole("link", { name: /新建活动|New activity/ })).toHaveCount(0);
  // Demo data of a fresh emulator-mode start.
  const demo = page.locator('tr[data-activity-id="demo-double11"]');
  await expect(demo).toBeVisible();
  await page.screenshot({ path: path.join(".tmp", "shots", "activities-list-analyst.png"), fullPage: true });
  await demo.getByRole("link").click();
  await expect(page.locator('li[data-channel-id="wecom"]')).toBeVisible();
  await expect(page.locator("#channel-id")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /删除活动|Delete activity/ })).toHaveCount(0);
  await expect(page.locator("#activity-name")).toBeDisabled();
  const newPage = await page.goto("/activities/new");
  expect(newPage?.status()).toBe(403);
  await page.context().close();
});
