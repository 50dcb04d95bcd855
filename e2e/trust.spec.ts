import { expect, test } from "./fixtures";

/** Issue 14, over HTTP against the real server: what an outsider or a careless user could do. */
// Several users and pages per test, on a machine that may be busy: generous timeouts, no timed assertions.
test.describe.configure({ timeout: 240_000 });

test("app pages send a CSP that forbids framing, and a Referrer-Policy; the landing page has its own CSP", async ({ request }) => {
  const signIn = await request.get("/sign-in");
  const csp = signIn.headers()["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(signIn.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // PUBLIC_URL is http here: no HSTS (a browser would ignore it over http anyway).
  expect(signIn.headers()["strict-transport-security"]).toBeUndefined();
  const landing = await request.get("/h5/no-such-activity");
  expect(landing.headers()["content-security-policy"]).toContain("https://res.wx.qq.com");
  expect(landing.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("a signed-out visitor learns no activity or campaign name from a page's title", async ({ adminPage, playwright, baseURL }) => {
  await adminPage.goto("/activities");
  const link = adminPage.locator('a[href^="/activities/"]').filter({ hasNotText: /新建|New/ }).first();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/activities\/[^/]+$/);
  await adminPage.goto(href!);
  const name = (await adminPage.locator("h1").first().innerText()).split("\n")[0].trim();
  expect(name.length).toBeGreaterThan(1);
  await expect(adminPage).toHaveTitle(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));

  const outsider = await playwright.request.newContext({ baseURL });
  const answer = await outsider.get(href!, { maxRedirects: 0 });
  const html = await answer.text();
  expect(html).not.toContain(name);
  await outsider.dispose();
});

test("a test send to a number on the opt-out list is refused by name, and nothing is sent to it", async ({ marketerPage: page }) => {
  const optedOut = String(16600000000 + Math.floor(Math.random() * 9_000_000));
  await page.goto("/audiences/opt-outs");
  await page.locator("#optout-phones").fill(optedOut);
  await page.getByRole("button", { name: /Add to the opt-out list|加入拒收名单/ }).click();
  await expect(page.getByRole("cell", { name: `+86${optedOut}` })).toBeVisible();

  await page.goto("/campaigns/new");
  await page.locator("#content").fill("双十二会员专享");
  // Pasted as people write it: with spaces inside the number.
  await page.locator("#test-phones").fill(`${optedOut.slice(0, 3)} ${optedOut.slice(3, 7)} ${optedOut.slice(7)}`);
  await page.getByRole("button", { name: "发送测试" }).click();
  await expect(page.getByText(`+86${optedOut} 在退订名单中`).first()).toBeVisible();
  await page.context().close();
});

test("an analyst sees masked numbers on the audience page, the opt-out list and in the results export; a marketer sees them whole", async ({ adminPage, analystPage: page, marketerPage: asMarketer }) => {
  const optedOut = String(16700000000 + Math.floor(Math.random() * 9_000_000));
  await adminPage.goto("/audiences/opt-outs");
  await adminPage.locator("#optout-phones").fill(optedOut);
  await adminPage.getByRole("button", { name: /Add to the opt-out list|加入拒收名单/ }).click();
  await expect(adminPage.getByRole("cell", { name: `+86${optedOut}` })).toBeVisible();
  // Only admins may take a number off the list.
  await expect(adminPage.getByRole("button", { name: /移除|Remove/ }).first()).toBeVisible();

  const masked = `${optedOut.slice(0, 3)}****${optedOut.slice(-4)}`;

  await page.goto("/audiences/opt-outs");
  await expect(page.getByRole("cell", { name: masked })).toBeVisible();
  expect(await page.content()).not.toContain(optedOut);

  await page.goto("/audiences");
  await page.locator('a[href^="/audiences/"]').filter({ hasText: /演示人群|Demo audience/ }).first().click();
  await page.waitForURL(/\/audiences\/[0-9a-f-]{36}/);
  const cells = page.locator("td.font-mono");
  await expect(cells.first()).toHaveText(/\d{3}\*{4}\d{4}/);
  expect(await page.content()).not.toMatch(/\+861[3-9]\d{9}/);

  await asMarketer.goto("/audiences/opt-outs");
  await expect(asMarketer.getByRole("cell", { name: `+86${optedOut}` })).toBeVisible();
  await expect(asMarketer.getByRole("button", { name: /移除|Remove/ })).toHaveCount(0);
  await asMarketer.context().close();
  await page.context().close();
});

test("sign-in limits are keyed on the socket and hold against a parallel burst with made-up X-Forwarded-For", async ({ playwright, baseURL }) => {
  const email = `burst-${Date.now()}@example.com`;
  const attempt = async (i: number) => {
    const ctx = await playwright.request.newContext({ baseURL });
    const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await ctx.post("/api/auth/callback/credentials", {
      form: { email, password: `wrong-${i}`, csrfToken, json: "true" },
      headers: { "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `198.51.100.${i}` },
      maxRedirects: 0,
    });
    const where = res.headers()["location"] ?? ((await res.json().catch(() => ({}))) as { url?: string }).url ?? "";
    await ctx.dispose();
    return decodeURIComponent(where);
  };
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(i)));
  // Five tries per account and address a minute: every request came from this one socket.
  expect(answers.filter((a) => a.includes("CredentialsSignin"))).toHaveLength(5);
  expect(answers.filter((a) => a.includes("RATE_LIMITED"))).toHaveLength(7);
});

test("an unauthenticated 8 MB body is refused with 413 by the emulator's token endpoint and by sign-in", async ({ request }) => {
  const big = "x".repeat(8 * 1024 * 1024);
  const token = await request.post("/emulator/cgi-bin/stable_token", { data: big, headers: { "content-type": "application/json" } });
  expect(token.status()).toBe(413);
  const signIn = await request.post("/api/auth/callback/credentials", { data: big, headers: { "content-type": "application/x-www-form-urlencoded" } });
  expect(signIn.status()).toBe(413);
  const landing = await request.post("/api/h5/report", { data: big, headers: { "content-type": "application/json" } });
  expect(landing.status()).toBe(413);
});
