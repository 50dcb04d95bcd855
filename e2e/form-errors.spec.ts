import { expect, test } from "./fixtures";

// A refused form used to sum its bad fields up with their keys ("请检查以下字段：name"), a word the reader
// never typed and, in zh-CN, in the wrong language. The summary says where to look; each field says what is wrong.
test("a refused form names no field keys: the summary points at the fields, each field says what is wrong", async ({ adminPage: page }) => {
  await page.goto("/campaigns/new");
  await page.locator("#content").fill("字段提示测试");
  await page.getByTestId("send-campaign").click();
  await expect(page.locator("#name-error")).toHaveText("请为发送任务命名。");
  const summary = page.locator("main").getByRole("alert").filter({ hasNotText: "请为发送任务命名" }).first();
  await expect(summary).toHaveText("部分内容需要修改，请查看各字段旁的提示。");
  await expect(page.locator("main")).not.toContainText(/以下字段|name[,，]?$/m);
});
