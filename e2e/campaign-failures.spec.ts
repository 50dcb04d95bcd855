import path from "node:path";
import { allowSendingAllDay, createActivity, expect, setFaults, shoot, test } from "./fixtures";

const SHOTS = path.join(".tmp", "screenshots", "campaign-failures");
// Numbers unique to this run, so opt-outs added by other specs never change them.
const base = 16600000000 + Math.floor(Math.random() * 8_000_000) * 100;

test("the campaign page says why a batch is uncertain and why the report failed, in the reader's language", async ({ adminPage: page, baseURL }) => {
  // A send whose connection drops, a batch marked sent and a report refused: a minute of steps, more on a busy machine.
  test.setTimeout(180_000);
  await allowSendingAllDay(page);
  const activityId = await createActivity(page, "E2E 失败原因");
  await page.goto("/audiences/new");
  await page.locator("#audience-name").fill("E2E 失败原因人群");
  const csv = ["手机号", String(base + 1), String(base + 2)].join("\n");
  await page.locator("#audience-file").setInputFiles({ name: "failures.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: /Check and create|校验并创建/ }).click();
  await page.waitForURL(/\/audiences\/[0-9a-f-]{36}$/);
  const audienceId = page.url().split("/").pop()!;

  const locale = async (value: "zh-CN" | "en") => {
    await page.context().addCookies([{ name: "hongyan_locale", value, url: new URL("/", page.url()).toString() }]);
    await page.reload();
  };
  const reason = page.getByTestId("uncertain-batch-reason");
  const report = page.getByTestId("report-failed");
  const send = async (name: string) => {
    await page.goto(`/campaigns/new?activity=${activityId}&audience=${audienceId}`);
    await page.locator("#name").fill(name);
    await page.locator("#content").fill("会员日提醒");
    await page.getByTestId("send-campaign").click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  };
  try {
    // A send without faults first, so the worker holds an access token: with every call dropped it could get none,
    // and the batch would wait for a retry instead of reaching sendSms.
    await send("E2E 预热");
    await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 45_000 });
    // The emulator sends, then drops the connection before answering: the batch is uncertain.
    await setFaults(baseURL!, { dropRate: 1 });
    await send("E2E 失败原因短信");
    await expect(page.getByTestId("uncertain-batch")).toHaveCount(1, { timeout: 45_000 });
    await setFaults(baseURL!, {});
    await expect(reason).toContainText("无法连接微信接口，请检查网络和接口地址配置。");
    await locale("en");
    await expect(reason).toContainText("Could not reach the WeChat API. Check the network and the API address setting.");
    await locale("zh-CN");
    await shoot(page, SHOTS, "uncertain-batch", () => expect(reason).toBeVisible(), () => page.getByTestId("uncertain-batch"));

    // WeChat refuses `report sendSmsTask` with -1 once the batch is marked sent and the task finishes.
    await setFaults(baseURL!, { busyRate: 1 });
    await page.getByRole("button", { name: "标记为已发送" }).click();
    // The refusal stays on until the screenshots are taken: the report is tried again after a minute.
    await expect(report).toBeVisible({ timeout: 45_000 });
    await expect(report).toContainText("上报微信统计失败，将自动重试：");
    await expect(report).toContainText("微信系统繁忙，请稍后再试。");
    await expect(report).toContainText("system error");
    await locale("en");
    await expect(report).toContainText("Reporting to WeChat statistics failed and will be retried:");
    await expect(report).toContainText("WeChat is busy. Try again in a moment.");
    await expect(report).not.toContainText("微信");
    await locale("zh-CN");
    await shoot(page, SHOTS, "report-failed", () => expect(report).toBeVisible(), () => page.getByTestId("campaign-figures"));
  } finally {
    await setFaults(baseURL!, {});
    await page.context().addCookies([{ name: "hongyan_locale", value: "zh-CN", url: new URL("/", page.url()).toString() }]);
  }
});
