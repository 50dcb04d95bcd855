import { createUser, expect, newSignedInPage, test } from "./fixtures";

/** Issue 14, over HTTP against the real server: what an outsider or a careless user could do. */

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

test("a test send to a number on the opt-out list is refused by name, and nothing is sent to it", async ({ adminPage, browser }) => {
  const optedOut = String(16600000000 + Math.floor(Math.random() * 9_000_000));
  const marketer = await createUser(adminPage, "marketer");
  const page = await newSignedInPage(browser, marketer.email, marketer.password);
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
