import path from "node:path";
import { expect, setFaults, shoot, test } from "./fixtures";

// The e2e server runs in emulator mode. The failing connection tests (wrong app ID → 40013, wrong secret → 40125,
// 40164 / 48001 / 85088, wrong environment) need other server configurations; they are covered against the emulator
// over HTTP in lib/settings/connection-test.test.ts.

test("the admin sees the WeChat connection without any secret, and the connection test passes in emulator mode", async ({ adminPage }) => {
  await adminPage.goto("/settings");
  await expect(adminPage.getByTestId("settings-mode")).toHaveText("模拟器模式");
  await expect(adminPage.getByTestId("settings-appid")).toHaveText("wxemulator0000000");
  await expect(adminPage.getByTestId("settings-envid")).toHaveText("emulator-env");
  await expect(adminPage.getByTestId("settings-apibase")).toContainText("/emulator");

  await adminPage.getByTestId("connection-test-button").click();
  const result = adminPage.getByTestId("connection-test-result");
  await expect(result).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("获取 access_token");
  await expect(result).toContainText("连接正常。");

  // The emulator's secret is shown only behind the reveal, and no access token is anywhere in the page.
  const secret = adminPage.getByTestId("emulator-secret");
  await expect(secret).toBeHidden();
  await adminPage.getByText("显示", { exact: true }).click();
  await expect(secret).toBeVisible();
  expect(await adminPage.content()).not.toMatch(/access_token=|"access_token"/);
});

test("the admin saves the SMS settings the sender uses; wrong values are explained next to the field", async ({ adminPage }) => {
  await adminPage.goto("/settings");
  await adminPage.locator("#sms-use-short").check();
  await adminPage.locator("#sms-short-name").fill("");
  await adminPage.getByTestId("sms-save").click();
  await expect(adminPage.locator("#sms-short-name-error")).toHaveText("使用简称签名时请填写简称。");

  await adminPage.locator("#sms-short-name").fill("鸿雁");
  await adminPage.locator("#sms-opt-out").fill("回T退订");
  await adminPage.locator("#sms-start").fill("09:00");
  await adminPage.getByRole("button", { name: "添加模板" }).click();
  const templates = adminPage.getByTestId("templates-table");
  await templates.getByRole("textbox", { name: "模板 ID" }).fill("923584");
  await templates.getByRole("textbox", { name: "名称", exact: true }).fill("发货通知");
  await templates.getByRole("spinbutton", { name: "参数个数" }).fill("2");
  await templates.getByRole("textbox", { name: "模板内容（用于预览）" }).fill("{1}已发货，单号{2}");
  await adminPage.getByTestId("sms-save").click();
  await expect(adminPage.getByText(/已保存（更改了 4 项）/)).toBeVisible();
  await expect(adminPage.getByTestId("sms-preview")).toContainText("【鸿雁】");

  await adminPage.reload();
  await expect(adminPage.locator("#sms-opt-out")).toHaveValue("回T退订");
  await expect(adminPage.locator("#sms-start")).toHaveValue("09:00");
  await expect(adminPage.getByRole("textbox", { name: "模板 ID" })).toHaveValue("923584");
  await expect(adminPage.getByText(/e2e-admin@example.com 于 .* 最后保存/)).toBeVisible();
});

test("a marketer cannot open Settings", async ({ marketerPage: page }) => {
  const response = await page.goto("/settings");
  expect(response?.status()).toBe(403);
  await page.context().close();
});

test("a failed statistics sync is explained on Settings in the reader's language, with WeChat's detail below", async ({ adminPage, baseURL }) => {
  test.setTimeout(300_000);
  await adminPage.goto("/settings");
  // An open activity: its sync always calls WeChat for today (an ended one, all days final, calls nothing).
  const row = adminPage.locator('tr[data-sync-activity="demo-newyear"]');
  // "Sync now" waits for nothing when another sync of the activity holds it (a scheduled one, or one stood still
  // until its one-minute lease runs out): press again, as the admin would.
  const syncUntil = async (error: string) =>
    expect(async () => {
      await row.getByTestId("sync-now").click();
      await expect(row).toHaveAttribute("data-error", error, { timeout: 10_000 });
    }).toPass({ timeout: 120_000 });
  await setFaults(baseURL!, { busyRate: 1 });
  try {
    await syncUntil("-1");
  } finally {
    await setFaults(baseURL!, { busyRate: 0 });
  }
  await expect(row.getByTestId("sync-error")).toHaveText("微信系统繁忙，请稍后再试。");
  await expect(row).toContainText("-1 system error");

  // Leave the store synced for the tests after this one.
  await syncUntil("");
});

test("a sync paused by WeChat's rate limit says why in the reader's language, with WeChat's errmsg in grey below", async ({ adminPage, baseURL }) => {
  test.setTimeout(300_000);
  await adminPage.goto("/settings");
  // An open activity: its sync always calls WeChat for today (an ended one, all days final, calls nothing).
  const row = adminPage.locator('tr[data-sync-activity="demo-newyear"]');
  const paused = adminPage.getByTestId("data-sync-paused");
  // The pause lasts until the next minute: press "Sync now" again (WeChat still refuses) whenever it has run out.
  const keepPaused = () =>
    expect(async () => {
      if (!(await paused.isVisible())) await row.getByTestId("sync-now").click();
      await expect(paused).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 90_000 });
  await setFaults(baseURL!, { rateLimitRate: 1 });
  try {
    await keepPaused();
    await expect(adminPage.getByTestId("data-sync-paused-reason")).toHaveText("调用过于频繁，请一分钟后再试。");
    await expect(paused).toContainText("45011 api minute-quota reach limit");
    await expect(row.getByTestId("sync-error")).toHaveText("调用过于频繁，请一分钟后再试。");
    await shoot(adminPage, path.join(".tmp", "screenshots", "settings"), "data-sync-paused", keepPaused, () => adminPage.getByTestId("data-sync"));
    await adminPage.context().addCookies([{ name: "hongyan_locale", value: "en", url: new URL("/", adminPage.url()).toString() }]);
    await adminPage.reload();
    await keepPaused();
    await expect(adminPage.getByTestId("data-sync-paused-reason")).toHaveText("Too many calls this minute. Try again in a minute.");
    await expect(paused).not.toContainText("调用");
  } finally {
    await adminPage.context().addCookies([{ name: "hongyan_locale", value: "zh-CN", url: new URL("/", adminPage.url()).toString() }]);
    await setFaults(baseURL!, { rateLimitRate: 0 });
  }
  // "Sync now" lifts the pause; leave the store synced for the tests after this one.
  await expect(async () => {
    await row.getByTestId("sync-now").click();
    await expect(row).toHaveAttribute("data-error", "", { timeout: 10_000 });
  }).toPass({ timeout: 90_000 });
  await expect(paused).toHaveCount(0);
});
