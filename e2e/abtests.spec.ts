import path from "node:path";
import { allowSendingAllDay, createActivity, emulatorSecret, expect, shoot, test } from "./fixtures";

/**
 * An A/B test of SMS copy, end to end, against the emulator: two variants to 20% of the demo audience, a wait
 * shortened to 45 s (ABTEST_MIN_WAIT_SECONDS in playwright.config.ts), the automatic pick, the winner to the rest.
 * Everything the screen says is checked against the emulator over HTTP.
 */

const ENV_ID = "emulator-env";
const APPID = "wxemulator0000000";
const SHOTS = path.join(".tmp", "screenshots", "abtests");
const TEXTS = ["新年礼盒限量抢，前1000名赠好礼", "新品首发：下单即送限量礼盒"];

type Json = Record<string, unknown>;
interface Recorded {
  phone: string;
  channelId: string | null;
  content: string | null;
}

class Emulator {
  private token?: string;
  constructor(private readonly base: string) {}
  control(p: string, body?: unknown): Promise<Response> {
    return fetch(`${this.base}/emulator/_control/${p}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json", "x-emulator-secret": emulatorSecret() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  async sms(activityId: string): Promise<Recorded[]> {
    const res = await this.control(`sms?activityId=${encodeURIComponent(activityId)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { sms: Recorded[] }).sms;
  }
  private async post(p: string, body: unknown, query = ""): Promise<Json> {
    const res = await fetch(`${this.base}/emulator${p}${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return (await res.json()) as Json;
  }
  /** getStatistics overview by channel for today: channel → [H5 users, mini-program users]. */
  async byChannel(activityId: string): Promise<Map<string, [number, number]>> {
    this.token ??= (await this.post("/cgi-bin/stable_token", { grant_type: "client_credential", appid: APPID, secret: emulatorSecret(), force_refresh: false })).access_token as string;
    const now = Math.floor(Date.now() / 1000);
    const answer = await this.post(
      "/tcb/getstatistics",
      { action: "smsMarketingOverviewData", begin_date: now - 1800, end_date: now + 60, page_offset: 0, page_limit: 1000, condition: { env_id: ENV_ID, activity_id: activityId, by_channel_id: "1" } },
      `?access_token=${encodeURIComponent(this.token)}`,
    );
    expect([0, 10011]).toContain(answer.errcode);
    const rows = ((answer.data_value ?? []) as { data_value: string[] }[]).map((r) => r.data_value);
    return new Map(rows.map((r) => [r[3], [Number(r[4]), Number(r[5])]]));
  }
}


test("two variants to 20% of the demo audience: exact shares, WeChat's figures, the automatic pick, the winner to the rest, once each", async ({ adminPage, marketerPage: page, baseURL }) => {
  test.setTimeout(540_000);
  const emu = new Emulator(baseURL!);
  expect((await emu.control("simulation", { openRate: 0.3, jumpRate: 0.4, failureRate: 0, openDelayMinutes: 0.05 })).status).toBe(200);
  await allowSendingAllDay(adminPage);

  try {
    const activityId = await createActivity(page, "E2E A/B 活动");
    await page.goto(`/campaigns/new?activity=${activityId}`);
    const demo = page.locator("#audience option", { hasText: "演示人群" });
    const audienceId = (await demo.getAttribute("value"))!;
    const members = Number((await demo.textContent())!.match(/(\d+)/g)!.pop());
    await page.goto(`/campaigns/new?activity=${activityId}&audience=${audienceId}`);
    await page.locator("#name").fill("E2E 文案测试");
    await page.getByTestId("mode-ab").check();
    await expect(page.locator("#ab-share")).toHaveValue("20");
    await expect(page.locator("#ab-wait")).toHaveValue("4");

    // Two identical variants are refused on variant B, and nothing is created.
    await page.locator("#variant-0-content").fill(TEXTS[0]);
    await page.locator("#variant-1-content").fill(TEXTS[0]);
    await page.getByTestId("send-campaign").click();
    await expect(page.locator("#variant-1-content-error")).toContainText(/版本 B 与版本 A 相同|Variant B is the same as variant A/);
    await expect(page).toHaveURL(/\/campaigns\/new/);

    await page.locator("#variant-1-content").fill(TEXTS[1]);
    await expect(page.locator('[data-variant-preview="B"]')).toContainText(TEXTS[1]);
    await expect(page.getByTestId("ab-billed-A")).toHaveText(String(Math.round(members * 0.2) / 2));
    await shoot(page, SHOTS, "compose", async () => {
      await page.getByTestId("mode-ab").check();
      await page.locator("#variant-0-content").fill(TEXTS[0]);
      await page.locator("#variant-1-content").fill(TEXTS[1]);
    });
    await page.locator("#name").fill("E2E 文案测试");
    await page.locator("#ab-wait").fill("1");
    await page.getByTestId("send-campaign").click();
    await page.waitForURL(/\/campaigns\/ab\/[0-9a-f-]{36}$/);

    // Each variant reaches exactly its share of numbers, on its own channel, according to the emulator's records.
    const testShare = Math.round(members * 0.2);
    const row = (label: string) => page.locator(`[data-testid=ab-variants-table] tr[data-variant="${label}"]`);
    await expect(row("A").locator('[data-figure="sent"]')).toHaveText(String(testShare / 2), { timeout: 60_000 });
    await expect(row("B").locator('[data-figure="sent"]')).toHaveText(String(testShare / 2), { timeout: 60_000 });
    const records = await emu.sms(activityId);
    expect(records).toHaveLength(testShare);
    const channels = [...new Set(records.map((r) => r.channelId!))];
    expect(channels).toHaveLength(2);
    for (const [i, text] of TEXTS.entries()) {
      const ofVariant = records.filter((r) => r.content === text);
      expect(ofVariant).toHaveLength(testShare / 2);
      expect(new Set(ofVariant.map((r) => r.channelId))).toEqual(new Set([ofVariant[0].channelId]));
      expect(ofVariant[0].channelId).toMatch(new RegExp(`^ab[0-9a-f]{7}${"AB"[i]}$`));
    }
    const variantChannel = (label: string) => records.find((r) => r.channelId!.endsWith(label))!.channelId!;

    // The results page's H5 and mini-program figures are WeChat's per-channel statistics.
    await expect
      .poll(
        async () => {
          const stats = await emu.byChannel(activityId);
          const shown = await Promise.all(
            ["A", "B"].map(async (l) => [Number(await row(l).locator('[data-figure="h5Users"]').textContent()), Number(await row(l).locator('[data-figure="wxappUsers"]').textContent())]),
          );
          return JSON.stringify(shown) === JSON.stringify(["A", "B"].map((l) => stats.get(variantChannel(l)) ?? [0, 0])) && shown[0][0] > 0;
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBe(true);
    await expect(page.getByTestId("ab-rate-chart")).toBeVisible();

    // The pick happens by itself after the wait, and the winner goes to the remainder.
    await expect(page.getByTestId("ab-pick")).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId("ab-winner-percent")).toHaveText("100%", { timeout: 60_000 });
    await expect(page.getByTestId("ab-pick-reason")).toBeVisible();
    const winnerLabel = (await page.getByTestId("ab-pick").getAttribute("data-winner"))!;
    const remainder = Number(await page.getByTestId("ab-winner-task").getAttribute("data-count"));
    expect(remainder).toBe(members - testShare);
    await shoot(page, SHOTS, "results");

    const after = await emu.sms(activityId);
    const winnerSends = after.filter((r) => r.channelId === "_cms_sms_");
    expect(winnerSends).toHaveLength(remainder);
    expect(new Set(winnerSends.map((r) => r.content))).toEqual(new Set([TEXTS["AB".indexOf(winnerLabel)]]));
    // No number got two messages: every recorded number is distinct, the test's and the remainder's together.
    expect(new Set(after.map((r) => r.phone)).size).toBe(after.length);
    expect(after).toHaveLength(members);

    // The overview's SMS funnel counts the variants' visitors as SMS.
    const sum = (stats: Map<string, [number, number]>, k: 0 | 1) => ["_cms_sms_", variantChannel("A"), variantChannel("B")].reduce((s, c) => s + (stats.get(c)?.[k] ?? 0), 0);
    await expect
      .poll(
        async () => {
          const before = await emu.byChannel(activityId);
          await page.goto(`/analytics/funnel?activity=${activityId}&range=today&channel=_cms_sms_`);
          const h5 = page.locator('[data-step="h5Opened"]');
          await expect(h5).toBeVisible();
          const shown = [Number(await h5.getAttribute("data-count")), Number(await page.locator('[data-step="wxappOpened"]').getAttribute("data-count"))];
          const later = await emu.byChannel(activityId);
          // Visitors still arrive: compare only when WeChat's figures did not move meanwhile.
          return JSON.stringify(before) === JSON.stringify(later) && shown[0] === sum(later, 0) && shown[1] === sum(later, 1) && sum(later, 0) > (later.get("_cms_sms_")?.[0] ?? 0);
        },
        { timeout: 90_000, intervals: [3_000] },
      )
      .toBe(true);
  } finally {
    await emu.control("reset-simulation", {});
    await page.context().close();
  }
});
