import { createUser, E2E_ADMIN, expect, newSignedInPage, signIn, test } from "./fixtures";

test("the admin signs in with ADMIN_EMAIL / ADMIN_PASSWORD and sees the shell", async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.waitForURL("**/analytics/overview");
  await expect(page.getByTestId("current-user")).toHaveText(/Admin|e2e-admin/);
  await expect(page.getByTestId("emulator-banner")).toContainText("不会发送任何真实短信");
  await expect(page.getByRole("link", { name: "用户" })).toBeVisible();
});

test("a wrong password shows an error and does not sign in", async ({ page }) => {
  await signIn(page, E2E_ADMIN.email, "not-the-password");
  await expect(page.getByTestId("sign-in-error")).toHaveText("邮箱或密码不正确。");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("repeated failures are limited with a message that says when to try again", async ({ page }) => {
  const email = "nobody-limit@example.com";
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong-${i}`);
    await expect(page.getByTestId("sign-in-error")).toHaveText("邮箱或密码不正确。");
  }
  await signIn(page, email, "wrong-again");
  await expect(page.getByTestId("sign-in-error")).toContainText(/失败次数过多，请在 \d+ 秒后再试/);
});

test("an analyst cannot open the Users page and the admin's action refuses them", async ({ adminPage, analystPage: page }) => {

  // Capture how the browser calls the create-user server action, as an attacker reading the bundle could.
  await adminPage.goto("/users");
  const actionRequest = adminPage.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await adminPage.locator("#new-email").fill("captured@example.com");
  await adminPage.locator("#new-password").fill("captured-password-1");
  await adminPage.getByRole("button", { name: "创建用户" }).click();
  const captured = await actionRequest;
  const actionId = captured.headers()["next-action"];
  await expect(adminPage.locator('tr[data-email="captured@example.com"]')).toBeVisible();

  await expect(page.getByRole("link", { name: "用户" })).toHaveCount(0);
  const response = await page.goto("/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();

  // Call the admin's server action directly with the analyst's session cookie.
  const body = JSON.stringify([{ email: "intruder@example.com", name: "x", role: "admin", password: "intruder-password" }]);
  const res = await page.request.post("/users", {
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: body,
  });
  const text = await res.text();
  expect(text).toContain('"ok":false');
  expect(text).toContain('"code":"common.errors.forbidden"');

  await adminPage.goto("/users");
  await expect(adminPage.locator('tr[data-email="captured@example.com"]')).toBeVisible();
  await expect(adminPage.locator('tr[data-email="intruder@example.com"]')).toHaveCount(0);
  await page.context().close();
});

test("sign-out ends the session, and the old session cookie no longer works", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.waitForURL("**/analytics/overview");
  const cookies = await context.cookies();

  await page.getByTestId("sign-out").click();
  await page.waitForURL("**/sign-in**");
  await page.goto("/analytics/overview");
  await expect(page).toHaveURL(/\/sign-in/);

  // Replaying the cookie from before sign-out must not get back in.
  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/users");
  await expect(replayPage).toHaveURL(/\/sign-in/);
  await replay.close();
  await context.close();
});

test("a deactivated user's open session stops working", async ({ adminPage, browser }) => {
  const marketer = await createUser(adminPage, "marketer");
  const page = await newSignedInPage(browser, marketer.email, marketer.password);
  await adminPage.locator(`tr[data-email="${marketer.email}"]`).getByRole("button", { name: "停用" }).click();
  await expect(adminPage.locator(`tr[data-email="${marketer.email}"]`)).toContainText("已停用");
  await page.goto("/analytics/overview");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, marketer.email, marketer.password);
  await expect(page.getByTestId("sign-in-error")).toHaveText("此账号已停用，请联系管理员。");
  await page.context().close();
});

test("the shell switches to English and to the dark theme", async ({ adminPage }) => {
  await adminPage.goto("/analytics/overview");
  await adminPage.getByTestId("locale-switch").click();
  await expect(adminPage.getByRole("link", { name: "Users" })).toBeVisible();
  await expect(adminPage.locator("html")).toHaveAttribute("lang", "en");
  await adminPage.getByTestId("theme-switch").click(); // system → light
  await adminPage.getByTestId("theme-switch").click(); // light → dark
  await expect(adminPage.locator("html")).toHaveClass(/dark/);
  await adminPage.reload();
  await expect(adminPage.locator("html")).toHaveClass(/dark/);
});

test("dates follow the time zone the user picks (Asia/Shanghai by default)", async ({ adminPage }) => {
  await adminPage.goto("/users");
  const zone = adminPage.getByTestId("time-zone-switch");
  await expect(zone).toHaveValue("Asia/Shanghai");
  const created = adminPage.locator('tr[data-email="e2e-admin@example.com"] td').nth(4);
  const inShanghai = await created.textContent();
  await zone.selectOption("UTC");
  await expect(created).not.toHaveText(inShanghai ?? "");
  await adminPage.reload();
  await expect(adminPage.getByTestId("time-zone-switch")).toHaveValue("UTC");
  await adminPage.getByTestId("time-zone-switch").selectOption("Asia/Shanghai");
  await expect(created).toHaveText(inShanghai ?? "");
});
