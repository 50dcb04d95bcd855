import { E2E_ADMIN, expect, test } from "./fixtures";

// Numbers unique to this run, so that opt-outs added by other specs never change these figures.
const base = 13000000000 + Math.floor(Math.random() * 8_000_000) * 100;
const phone = (i: number) => String(base + i);

const csv = [
  "姓名,手机号,城市",
  `A,${phone(1)},北京`, //                      2 valid
  `B,+86 ${phone(2).replace(/(\d{3})(\d{4})(\d{4})/, "$1 $2 $3")},上海`, // 3 valid
  "C,12345,广州", //                            4 invalid
  `D,${phone(1).replace(/(\d{3})(\d{4})(\d{4})/, "$1-$2-$3")},深圳`, //    5 duplicate of 2
  `E,${phone(3)},杭州`, //                      6 opted out
  "F,hello,成都", //                            7 invalid
  `G,0086${phone(4)},西安`, //                  8 valid
].join("\n");

test("a marketer uploads a CSV and reads the report with line numbers and a download of the invalid rows", async ({ adminPage: page }) => {
  await page.goto("/audiences/opt-outs");
  await page.locator("#optout-phones").fill(phone(3));
  await page.locator("#optout-reason").fill("replied R");
  await page.getByRole("button", { name: /Add to the opt-out list|加入拒收名单/ }).click();
  await expect(page.getByRole("cell", { name: `+86${phone(3)}` })).toBeVisible();

  await page.goto("/audiences/new");
  await page.locator("#audience-name").fill("E2E upload");
  await page.locator("#audience-file").setInputFiles({ name: "e2e.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: /Check and create|校验并创建/ }).click();
  await page.waitForURL(/\/audiences\/[0-9a-f-]{36}$/);

  const figure = (key: string) => page.locator(`[data-figure="${key}"] dd`);
  await expect(figure("rows")).toHaveText("7");
  await expect(figure("valid")).toHaveText("5");
  await expect(figure("invalid")).toHaveText("2");
  await expect(figure("duplicates")).toHaveText("1");
  await expect(figure("optedOut")).toHaveText("1");
  await expect(figure("members")).toHaveText("3");

  const invalidRows = page.locator("table").filter({ hasText: "12345" }).locator("tbody tr");
  await expect(invalidRows).toHaveCount(2);
  await expect(invalidRows.nth(0).locator("td").first()).toHaveText("4");
  await expect(invalidRows.nth(1).locator("td").first()).toHaveText("7");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download invalid rows|下载无效行/ }).click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks: Buffer[]) => Buffer.concat(chunks).toString("utf8"));
  const lines = text.replace(/^\uFEFF/, "").trim().split(/\r\n/);
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(/^4,12345,/);
  expect(lines[2]).toMatch(/^7,hello,/);

  await expect(page.getByRole("cell", { name: `+86${phone(4)}` })).toBeVisible();
  await page.goto("/audiences");
  await expect(page.getByRole("link", { name: "E2E upload" })).toBeVisible();
});

test("a CSV upload naming a column the file does not have says which column, in the reader's language", async ({ adminPage: page }) => {
  const tryUpload = async () => {
    await page.goto("/audiences/new");
    await page.locator("#audience-name").fill("E2E no such column");
    await page.locator("#audience-file").setInputFiles({ name: "e2e.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.locator("#audience-column").fill("电话");
    await page.getByRole("button", { name: /Check and create|校验并创建/ }).click();
  };
  await tryUpload();
  await expect(page.locator("form").getByRole("alert")).toHaveText("第一行没有名为“电话”的列：请检查列序号或表头名称。未保存任何内容。");

  await page.context().addCookies([{ name: "hongyan_locale", value: "en", url: new URL("/", page.url()).toString() }]);
  await tryUpload();
  await expect(page.locator("form").getByRole("alert")).toHaveText("The first row has no column named “电话”: check the column number or the header name. Nothing was saved.");
  await page.context().addCookies([{ name: "hongyan_locale", value: "zh-CN", url: new URL("/", page.url()).toString() }]);
});

test("taking a number off the opt-out list records who added and who removed it", async ({ adminPage: page }) => {
  await page.goto("/audiences/opt-outs");
  await page.locator("#optout-phones").fill(phone(5));
  await page.locator("#optout-reason").fill("complaint");
  await page.getByRole("button", { name: /Add to the opt-out list|加入拒收名单/ }).click();
  const row = page.locator("tr").filter({ hasText: `+86${phone(5)}` });
  await expect(row).toBeVisible();
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: /Remove|移除/ }).click();
  // Once the list has refreshed, the only row left with the number is its line in the removal history.
  await expect(row.getByRole("button")).toHaveCount(0);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("complaint");
  await expect(row).toContainText(E2E_ADMIN.email);
});

test("an analyst can read audiences but the server refuses their upload", async ({ analystPage: page }) => {
  await page.goto("/audiences");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /New audience|新建人群/ })).toHaveCount(0);
  const response = await page.request.post("/api/audiences/upload?name=x&filename=x.csv", { data: `${phone(9)}\n`, headers: { "content-type": "text/csv" } });
  expect(response.status()).toBe(403);
  await page.context().close();
});
