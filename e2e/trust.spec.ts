import { expect, test } from "./fixtures";

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
