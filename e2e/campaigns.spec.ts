import { allowSendingAllDay, createActivity, expect, test } from "./fixtures";

// Numbers unique to this run, so opt-outs added by other specs never change these figures.
const base = 15000000000 + Math.floor(Math.random() * 8_000_000) * 100;
const phone = (i: number) => String(base + i);

const csv = [
  "姓名,手机号",
  `A,${phone(1)}`, // valid
  `B,+86 ${phone(2)}`, // valid
  "C,12345", // invalid
  `D,${phone(1)}`, // duplicate
  `E,${phone(3)}`, // opted out
  `F,0086${phone(4)}`, // valid
].join("\n");


test("a marketer uploads a CSV, reads the report, sends, watches the progress reach 100% and opens the results", async ({ adminPage, marketerPage: page, analystPage }) => {
  // An activity, an upload, a send watched to 100% and a replay: a minute of steps, more on a busy machine.
  test.setTimeout(180_000);
  await allowSendingAllDay(adminPage);

  const activityId = await createActivity(page, "E2E 发送活动");

  await page.goto("/audiences/opt-outs");
  await page.locator("#optout-phones").fill(phone(3));
  await page.getByRole("button", { name: /Add to the opt-out list|加入拒收名单/ }).click();
  await expect(page.getByRole("cell", { name: `+86${phone(3)}` })).toBeVisible();

  await page.goto("/audiences/new");
  await page.locator("#audience-name").fill("E2E 发送人群");
  await page.locator("#audience-file").setInputFiles({ name: "send.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: /Check and create|校验并创建/ }).click();
  await page.waitForURL(/\/audiences\/[0-9a-f-]{36}$/);
  const audienceId = page.url().split("/").pop()!;
  const figure = (key: string) => page.locator(`[data-figure="${key}"] dd`);
  await expect(figure("valid")).toHaveText("5");
  await expect(figure("invalid")).toHaveText("1");
  await expect(figure("duplicates")).toHaveText("1");
  await expect(figure("optedOut")).toHaveText("1");
  await expect(figure("members")).toHaveText("3");

  await page.goto(`/campaigns/new?activity=${activityId}&audience=${audienceId}`);
  await page.locator("#name").fill("E2E 活动短信");
  await page.locator("#content").fill("双十二会员五折");
  await expect(page.getByTestId("sms-preview")).toContainText("双十二会员五折,跳转小程序");
  await expect(page.getByTestId("billed-estimate")).toHaveText("3");
  const sendRequest = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await page.getByTestId("send-campaign").click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);

  await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 45_000 });
  await expect(page.getByTestId("count-total").locator("dd")).toHaveText("3");
  const results = page.locator("table").last().locator("tbody tr");
  await expect(results).toHaveCount(3);
  await expect(page.getByRole("cell", { name: `+86${phone(3)}` })).toHaveCount(0);

  await page.goto("/campaigns");
  await expect(page.getByRole("link", { name: "E2E 活动短信" })).toBeVisible();

  // An analyst replaying the marketer's send action, as anyone reading the bundle could, is refused by the server.
  const captured = await sendRequest;
  const replay = await analystPage.request.post(new URL(captured.url()).pathname, {
    headers: { "next-action": captured.headers()["next-action"], "content-type": captured.headers()["content-type"], accept: "text/x-component" },
    data: captured.postDataBuffer() ?? "",
  });
  const answer = await replay.text();
  expect(answer).toContain('"ok":false');
  expect(answer).toContain('"code":"common.errors.forbidden"');
  await page.reload();
  await expect(page.getByRole("link", { name: "E2E 活动短信" })).toHaveCount(1);
  await analystPage.context().close();
  await page.context().close();
});

test("an analyst can read campaigns but cannot compose or send one", async ({ analystPage: page }) => {
  await page.goto("/campaigns");
  await expect(page.getByTestId("new-campaign")).toHaveCount(0);
  const res = await page.goto("/campaigns/new");
  expect(res?.status()).toBe(403);
  await page.context().close();
});
