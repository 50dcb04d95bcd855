import path from "node:path";
import type { Page } from "@playwright/test";
import pg from "pg";
import { embeddedDatabaseUrl } from "@/lib/db/embedded";
import { allowSendingAllDay, createActivity, e2eServer, emulatorSecret, expect, setFaults, shoot, test } from "./fixtures";

const SHOTS = path.join(".tmp", "screenshots", "campaign-failures");
// Numbers unique to this run, so opt-outs added by other specs never change them.
const base = 16600000000 + Math.floor(Math.random() * 8_000_000) * 100;

/** An audience of these numbers, from an uploaded CSV; returns its ID. */
async function newAudience(page: Page, name: string, phones: number[]): Promise<string> {
  await page.goto("/audiences/new");
  await page.locator("#audience-name").fill(name);
  const csv = ["手机号", ...phones.map(String)].join("\n");
  await page.locator("#audience-file").setInputFiles({ name: "failures.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: /Check and create|校验并创建/ }).click();
  await page.waitForURL(/\/audiences\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

/** Sends a marketing SMS to the audience and lands on its campaign page. */
async function sendCampaign(page: Page, activityId: string, audienceId: string, name: string) {
  await page.goto(`/campaigns/new?activity=${activityId}&audience=${audienceId}`);
  await page.locator("#name").fill(name);
  await page.locator("#content").fill("会员日提醒");
  await page.getByTestId("send-campaign").click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
}

async function setLocale(page: Page, value: "zh-CN" | "en") {
  await page.context().addCookies([{ name: "hongyan_locale", value, url: new URL("/", page.url()).toString() }]);
  await page.reload();
}

test("the campaign page says why a batch is uncertain and why the report failed, in the reader's language", async ({ adminPage: page, baseURL }) => {
  // A send whose connection drops, a batch marked sent and a report refused: a minute of steps, more on a busy machine.
  test.setTimeout(180_000);
  await allowSendingAllDay(page);
  const activityId = await createActivity(page, "E2E 失败原因");
  const audienceId = await newAudience(page, "E2E 失败原因人群", [base + 1, base + 2]);
  const locale = (value: "zh-CN" | "en") => setLocale(page, value);
  const reason = page.getByTestId("uncertain-batch-reason");
  const report = page.getByTestId("report-failed");
  const send = (name: string) => sendCampaign(page, activityId, audienceId, name);
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

/** The emulator's per-number answers (lib/emulator/sms.ts) and what the results list says for each. */
const PER_NUMBER = {
  zh: ["该号码今天收到的短信已达每日上限：未发送，明天可以重发。", "该号码在免打扰名单中（用户已退订或被运营商拦截）：未发送。", "该号码 30 秒内收到的短信已达上限：未发送，稍后可以重发。"],
  en: [
    "This number reached its daily SMS limit: not sent. It can be resent tomorrow.",
    "This number is on a do-not-disturb list (the person opted out, or the carrier blocks it): not sent.",
    "This number reached its 30-second SMS limit: not sent. It can be resent in a moment.",
  ],
};
const oneOf = (sentences: string[]) => new RegExp(`^(${sentences.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`);

async function simulation(baseURL: string, body: object | null) {
  const res = await fetch(`${baseURL}/emulator/_control/${body ? "simulation" : "reset-simulation"}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-emulator-secret": emulatorSecret() },
    body: JSON.stringify(body ?? {}),
  });
  expect(res.status).toBe(200);
}

async function maxAttempts(page: Page, n: number) {
  await page.goto("/settings");
  await page.locator("#sms-attempts").fill(String(n));
  await page.getByTestId("sms-save").click();
  await expect(page.getByTestId("sms-save")).toBeEnabled();
}

test("every send failure says why in the reader's language: each number's code, a failed batch, a refused test send", async ({ adminPage: page, baseURL }) => {
  // Two sends watched to the end and a test send, each read in two languages: a minute or two on a busy machine.
  test.setTimeout(240_000);
  await allowSendingAllDay(page);
  const activityId = await createActivity(page, "E2E 号码失败原因");
  const audienceId = await newAudience(page, "E2E 号码失败原因人群", [base + 11, base + 12, base + 13]);
  const locale = (value: "zh-CN" | "en") => setLocale(page, value);
  const send = (name: string) => sendCampaign(page, activityId, audienceId, name);
  const rows = page.locator("table").last().locator("tbody tr");
  const messages = rows.locator("td:nth-child(4)");
  const reasons = page.getByTestId("not-sent-reason");
  const reasonCounts = async () => (await reasons.locator("span.tabular-nums").allInnerTexts()).map(Number);

  try {
    // WeChat answers every number with a per-number failure code (Tencent Cloud SMS's, as the real service does).
    await simulation(baseURL!, { failureRate: 1 });
    await send("E2E 号码失败原因短信");
    await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 45_000 });
    await simulation(baseURL!, null);
    await expect(page.getByTestId("count-failed").locator("dd")).toHaveText("3");
    await expect(rows).toHaveCount(3);
    expect(await rows.locator("td:nth-child(2)").allInnerTexts()).toEqual(["失败", "失败", "失败"]);
    for (const text of await messages.allInnerTexts()) expect(text.trim()).toMatch(oneOf(PER_NUMBER.zh));
    // The summary by reason: the three numbers, each under its reason's sentence.
    await expect(reasons.first()).toBeVisible();
    expect((await reasonCounts()).reduce((a, b) => a + b, 0)).toBe(3);
    for (const text of await reasons.allInnerTexts()) expect(PER_NUMBER.zh.filter((sentence) => text.includes(sentence))).toHaveLength(1);
    // A reason lists only its numbers.
    const [firstCount] = await reasonCounts();
    await reasons.first().click();
    await expect(rows).toHaveCount(firstCount);
    await locale("en");
    await expect(rows).toHaveCount(3);
    for (const text of await messages.allInnerTexts()) expect(text.trim()).toMatch(oneOf(PER_NUMBER.en));
    await expect(page.getByTestId("not-sent-reasons")).toContainText("Numbers not sent, by reason");
    await expect(page.getByTestId("not-sent-reasons")).not.toContainText("未发送");
    await locale("zh-CN");
    await shoot(page, SHOTS, "per-number-reasons", () => expect(reasons.first()).toBeVisible(), () => page.getByTestId("campaign-results"));

    // WeChat refuses every call and one attempt is allowed: the batch fails, and says why.
    await maxAttempts(page, 1);
    await setFaults(baseURL!, { busyRate: 1 });
    await send("E2E 批次失败原因短信");
    const failed = page.getByTestId("failed-batch");
    await expect(failed).toHaveCount(1, { timeout: 60_000 });
    await setFaults(baseURL!, {});
    const reason = page.getByTestId("failed-batch-reason");
    await expect(failed).toContainText("第 1 批：3 个号码");
    await expect(reason).toContainText("微信系统繁忙，请稍后再试。");
    await expect(reason).toContainText("system error");
    await expect(reasons).toHaveCount(1);
    await expect(reasons).toContainText("微信系统繁忙，请稍后再试。");
    expect(await reasonCounts()).toEqual([3]);
    await locale("en");
    await expect(page.getByText("Failed batches")).toBeVisible();
    await expect(failed).toContainText("Batch 1: 3 numbers");
    await expect(reason).toContainText("WeChat is busy. Try again in a moment.");
    await expect(reasons).toContainText("WeChat is busy. Try again in a moment.");
    await locale("zh-CN");
    await shoot(page, SHOTS, "failed-batch", () => expect(failed).toBeVisible(), () => page.getByTestId("failed-batches"));

    // A test send WeChat refuses says so next to its button, with WeChat's reason.
    await page.goto(`/campaigns/new?activity=${activityId}&audience=${audienceId}`);
    await page.locator("#content").fill("会员日提醒");
    await page.locator("#test-phones").fill(String(base + 11));
    await setFaults(baseURL!, { busyRate: 1 });
    await page.getByRole("button", { name: "发送测试" }).click();
    const testError = page.getByTestId("test-error");
    await expect(testError).toHaveText("微信未接收测试发送：未发送任何短信。");
    await setFaults(baseURL!, {});
    await expect(page.getByTestId("test-failure-reason")).toContainText("微信系统繁忙，请稍后再试。");
    await expect(page.getByTestId("test-failure-reason")).toContainText("system error");
    await shoot(page, SHOTS, "test-send-refused", async () => {
      await page.locator("#content").fill("会员日提醒");
      await page.locator("#test-phones").fill(String(base + 12));
      await setFaults(baseURL!, { busyRate: 1 });
      await page.getByRole("button", { name: /发送测试|Send test/ }).click();
      await expect(testError).toBeVisible();
      await setFaults(baseURL!, {});
    }, () => page.getByTestId("test-send"));
    await locale("en");
    await setFaults(baseURL!, { busyRate: 1 });
    await page.locator("#content").fill("会员日提醒");
    await page.locator("#test-phones").fill(String(base + 13));
    await page.getByRole("button", { name: "Send test" }).click();
    await expect(testError).toHaveText("WeChat did not take the test: nothing was sent.");
    await setFaults(baseURL!, {});
    await expect(page.getByTestId("test-failure-reason")).toContainText("WeChat is busy. Try again in a moment.");

    // A test WeChat answers number by number says why the number got nothing, in the words of the results list.
    await simulation(baseURL!, { failureRate: 1 });
    await page.getByRole("button", { name: "Send test" }).click();
    const answer = page.getByTestId("test-send").locator("li");
    await expect(answer).toHaveCount(1);
    await simulation(baseURL!, null);
    const line = await answer.innerText();
    expect(line.slice(0, line.indexOf(": "))).toBe(`+86${base + 13}`);
    expect(line.slice(line.indexOf(": ") + 2)).toMatch(oneOf(PER_NUMBER.en));
  } finally {
    await setFaults(baseURL!, {});
    await simulation(baseURL!, null);
    await maxAttempts(page, 5);
    await page.context().addCookies([{ name: "hongyan_locale", value: "zh-CN", url: new URL("/", page.url()).toString() }]);
  }
});

test("an audience a campaign is still preparing from cannot be deleted, and the page says why in the reader's language", async ({ adminPage: page }) => {
  page.on("dialog", (dialog) => void dialog.accept());
  const activityId = await createActivity(page, "E2E 准备中的人群");
  const audienceId = await newAudience(page, "E2E 准备中的人群", [base + 21, base + 22, base + 23]);
  // Scheduled for tomorrow, so nothing is sent while its batch is held unprepared below.
  await page.goto(`/campaigns/new?activity=${activityId}&audience=${audienceId}`);
  await page.locator("#name").fill("E2E 准备中的人群短信");
  await page.locator("#content").fill("会员日提醒");
  await page.getByLabel("定时发送").check();
  const tomorrow = new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  await page.getByLabel("发送时间").fill(`${tomorrow}T10:00`);
  await page.getByTestId("send-campaign").click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const taskId = page.url().split("/").pop()!;

  const url = embeddedDatabaseUrl(e2eServer().dataDir);
  expect(url).toBeTruthy();
  const db = new pg.Client({ connectionString: url });
  const hold = new pg.Client({ connectionString: url });
  await db.connect();
  await hold.connect();
  try {
    // The batch as task creation writes the batches past a large task's first ones (lib/campaigns/create-task.ts): its
    // phone range (the last batch's open-ended), no ledger rows yet, not prepared. A key-share lock on it keeps the
    // workers' preparation (`for update … skip locked`) off it while the page is read, without holding up the update.
    await hold.query("begin");
    await hold.query("select id from send_batches where task_id = $1 for key share", [taskId]);
    await db.query("begin");
    await db.query(
      `update send_batches b set prepared = false, end_phone = null,
         first_phone = (select min(phone) from send_recipients r where r.batch_id = b.id) where task_id = $1`,
      [taskId],
    );
    await db.query("delete from send_recipients where task_id = $1", [taskId]);
    await db.query("commit");

    // The refusal, not Next's route announcer (also an alert).
    const refusal = page.locator('span[role="alert"]');
    await page.goto(`/audiences/${audienceId}`);
    await page.getByRole("button", { name: "删除人群" }).click();
    await expect(refusal).toHaveText("有短信任务尚未发完该人群的号码，请在该任务完成或取消后再删除。");
    await setLocale(page, "en");
    await page.getByRole("button", { name: "Delete audience" }).click();
    await expect(refusal).toHaveText("A send task still has numbers to send from this audience; delete it once that task has finished or been cancelled.");
    // Still there: nothing of it was deleted.
    await setLocale(page, "zh-CN");
    await expect(page.getByRole("heading", { name: "E2E 准备中的人群" })).toBeVisible();
  } finally {
    await hold.query("commit");
    await hold.end();
    await db.end();
  }
  // The campaign is cancelled so it never sends; the workers prepare its batch again, so its results list every number.
  await page.goto(`/campaigns/${taskId}`);
  await page.getByRole("button", { name: "取消" }).click();
  const rows = page.getByTestId("campaign-results").locator("tbody tr");
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(3, { timeout: 2_000 });
  }).toPass();
  expect(await rows.locator("td:nth-child(2)").allInnerTexts()).toEqual(["已取消", "已取消", "已取消"]);
});
