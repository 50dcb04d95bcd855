import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAudienceFromPhones } from "@/lib/audiences";
import { smsApiFromWechat } from "@/lib/campaigns/wechat-sms-api";
import { runWorker } from "@/lib/campaigns/worker";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { createWechatClient, type WechatClient } from "@/lib/wechat";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { auditEntries } from "@/test/audit";
import { eq } from "drizzle-orm";
import { abTests, sendTasks, users } from "@/lib/db/schema";
import { seedDemoActivities } from "@/lib/activities/demo";
import { contentRateFactors } from "@/lib/emulator/simulation";
import { DEFAULT_SMS_SETTINGS, saveSmsSettings } from "@/lib/settings/sms";
import { AbTestRefused, createAbTest, type NewAbTest } from "./create";
import { DEMO_AB_TEXTS, seedDemoAbTest } from "./demo";
import { abTestSchema } from "./input";
import { runPick, sendWinner } from "./pick-job";
import { getAbResults, getAbTest } from "./results";
import { assignVariants } from "./split-order";

/** A/B tests end to end in lib: the split in SQL, the variant tasks sent by the real worker to the emulator over HTTP, the pick. */
let t: TestDatabase;
let emu: TestEmulator;
let wechat: WechatClient;

const ALL_DAY = { start: "00:00", end: "00:00" };
const TEXTS = ["新年礼盒限量抢，前1000名赠好礼", "新品首发：下单即送限量礼盒"];

beforeAll(async () => {
  t = await createTestDatabase();
  emu = await startTestEmulator({ t, start: new Date() });
  wechat = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, timeoutMs: 5_000 });
  await emu.control("simulation", { enabled: true, openRate: 0.3, jumpRate: 0.4, failureRate: 0, openDelayMinutes: 0.05 });
  await t.db.$client.query(
    `insert into activities (id, name, start_at, end_at, landing_title, landing_button) values ('abact', 'A/B', now() - interval '1 day', now() + interval '9 days', 't', 'b')`,
  );
  // The worker sends marketing SMS only in the allowed hours it reads from the settings, by the real clock: open
  // them all day, or these tests fail whenever the suite runs after 21:00 China time.
  await saveSmsSettings(t.db, { ...DEFAULT_SMS_SETTINGS, allowedHours: ALL_DAY }, null);
});
afterAll(async () => {
  await emu?.close();
  await t?.drop();
});

let phoneBase = 13_700_000_000;
async function audience(n: number): Promise<{ id: string; phones: string[] }> {
  const phones = Array.from({ length: n }, (_, i) => `+86${phoneBase + i * 3}`);
  phoneBase += n * 3;
  const report = await createAudienceFromPhones(t.db, { name: "ab", createdBy: null, phones });
  return { id: report.audienceId, phones };
}

function spec(audienceId: string, over: Partial<NewAbTest["input"]> = {}, sendAt?: Date): NewAbTest {
  const input = abTestSchema.parse({
    name: "copy test",
    activityId: "abact",
    smsType: "Marketing",
    audienceId,
    variants: TEXTS.map((content) => ({ content })),
    testShare: 20,
    waitHours: 1,
    ...over,
  });
  return {
    input,
    previews: input.variants.map((v) => ({ text: `【鸿雁】${v.content}`, useShortName: false })),
    names: { task: (l) => `copy test · ${l}`, channel: (l) => `短信 A/B · copy test · ${l}`, winnerTask: (l) => `copy test · ${l} winner` },
    sendAt,
    allowedHours: ALL_DAY,
    createdBy: null,
  };
}

const count = async (sql: string, params: unknown[] = []) => (await t.db.$client.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0].n;

async function sendAll(done: () => Promise<boolean>) {
  const ac = new AbortController();
  const api = smsApiFromWechat(wechat);
  const worker = runWorker({ signal: ac.signal, database: t.db, api, concurrency: 2, pollMs: 50, reportRetryMs: 100, workerId: "w-ab" });
  const deadline = Date.now() + 20_000;
  while (!(await done()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  ac.abort();
  await worker;
}

describe("createAbTest", () => {
  it("splits the eligible numbers in SQL exactly as the pure rule does, one variant task per variant on its own channel", async () => {
    const a = await audience(400);
    await t.db.$client.query("insert into suppressions (phone) values ($1), ($2)", [a.phones[0], a.phones[1]]);
    const [marketer] = await t.db.insert(users).values({ email: "ab-marketer@example.com", passwordHash: "x", role: "marketer" }).returning({ id: users.id });
    const created = await createAbTest(t.db, { ...spec(a.id), createdBy: marketer.id });
    expect(created.eligible).toBe(398);
    // Who sent what to how many: the test, each variant's task and size, and what is left for the winner.
    expect(await auditEntries(t.db, "abtest.create")).toEqual([
      {
        userId: marketer.id,
        action: "abtest.create",
        subject: created.testId,
        details: expect.objectContaining({
          name: "copy test",
          activityId: "abact",
          audienceId: a.id,
          variants: created.variants.map((v) => ({ label: v.label, taskId: v.taskId, channelId: v.channelId, numbers: v.size })),
          remainder: 318,
          pickDueAt: created.pickDueAt.toISOString(),
        }),
      },
    ]);
    expect(created.variants.map((v) => v.size)).toEqual([40, 40]);
    expect(created.remainder).toBe(318);

    const [test] = await t.db.select({ seed: abTests.seed }).from(abTests).where(eq(abTests.id, created.testId));
    const members = await t.db.$client.query<{ phone: string; variant: number | null }>("select phone, variant from ab_test_members where test_id = $1", [created.testId]);
    const expected = assignVariants(a.phones.slice(2), test.seed, 20, 2);
    expect(new Map(members.rows.map((m) => [m.phone, m.variant]))).toEqual(expected);

    for (const [i, v] of created.variants.entries()) {
      const [task] = await t.db.select().from(sendTasks).where(eq(sendTasks.id, v.taskId));
      expect(task).toMatchObject({ content: TEXTS[i], totalCount: 40, path: `/landing/index.html?activityId=abact&source=${v.channelId}` });
      expect(v.channelId).toMatch(/^ab[0-9a-f]{7}[AB]$/);
      expect(await count("activity_channels where activity_id = 'abact' and id = $1", [v.channelId])).toBe(1);
      const recipients = await t.db.$client.query<{ phone: string }>("select phone from send_recipients where task_id = $1", [v.taskId]);
      expect(recipients.rows.every((r) => expected.get(r.phone) === i)).toBe(true);
    }
  });

  it("refuses an audience too small to give each variant 30 numbers, naming the field, and creates nothing", async () => {
    const a = await audience(250);
    const before = { tests: await count("ab_tests"), tasks: await count("send_tasks"), channels: await count("activity_channels") };
    const refused = await createAbTest(t.db, spec(a.id, {}, undefined)).catch((e) => e);
    expect(refused).toBeInstanceOf(AbTestRefused);
    expect(refused).toMatchObject({ field: "audienceId", error: { code: "abtests.errors.audienceTooSmall", params: { min: 30, smallest: 25 } } });
    expect({ tests: await count("ab_tests"), tasks: await count("send_tasks"), channels: await count("activity_channels") }).toEqual(before);
  });
});

describe("a replayed or double-clicked creation", () => {
  it("makes one test: two requests with one request ID at once answer with the same test", async () => {
    const a = await audience(300);
    const requestId = crypto.randomUUID();
    const before = await count("send_tasks");
    const [one, two] = await Promise.all([createAbTest(t.db, { ...spec(a.id), requestId }), createAbTest(t.db, { ...spec(a.id), requestId })]);
    expect(one.testId).toBe(two.testId);
    expect([one.replayed, two.replayed].sort()).toEqual([false, true]);
    expect(two.variants).toEqual(one.variants);
    expect(await count("ab_tests where request_id = $1", [requestId])).toBe(1);
    expect(await count("send_tasks")).toBe(before + 2);
  });
});

describe("the pick", () => {
  it("waits for its time, picks the variant with the higher SMS → H5 rate from WeChat's figures, and sends the winner to the remainder only", async () => {
    const a = await audience(1000);
    const created = await createAbTest(t.db, spec(a.id, { testShare: 50 }, emu.clock.now));
    expect(await runPick(t.db, wechat, created.testId, emu.clock.now)).toMatchObject({ kind: "later", reason: "notDue" });

    const variantsDone = async () => (await count("send_tasks where id = any($1) and reported_at is not null", [created.variants.map((v) => v.taskId)])) === 2;
    await sendAll(variantsDone);
    emu.clock.advance(2 * 3600);

    const results = await getAbResults(t.db, wechat, created.testId, emu.clock.now);
    expect(results?.figuresError).toBeNull();
    const analysis = results!.analysis!;
    // The results page's figures are WeChat's per-channel figures, asked directly.
    const direct = await emu.call("/tcb/getstatistics", {
      action: "smsMarketingOverviewData",
      begin_date: Math.floor(Date.parse(results!.test.sendAt) / 1000),
      end_date: Math.floor(emu.clock.now.getTime() / 1000),
      page_offset: 0,
      page_limit: 100,
      condition: { env_id: emu.envId, activity_id: "abact", by_channel_id: "1" },
    });
    for (const [i, v] of created.variants.entries()) {
      const row = direct.data_value.map((x: { data_value: string[] }) => x.data_value).find((x: string[]) => x[3] === v.channelId);
      expect(analysis[i].figures).toEqual({ sent: 250, h5Users: Number(row[4]), wxappUsers: Number(row[5]) });
    }
    expect(results!.series.length).toBeGreaterThan(0);
    const last = results!.series[results!.series.length - 1];
    expect(last.h5[0]).toBeGreaterThanOrEqual(analysis[0].h5.rate);

    const outcome = await runPick(t.db, wechat, created.testId, emu.clock.now);
    expect(outcome).toEqual({ kind: "done", reason: "picked" });
    const test = (await getAbTest(t.db, created.testId))!;
    const winner = analysis[0].h5.rate >= analysis[1].h5.rate ? 0 : 1;
    expect(test).toMatchObject({ status: "picked", pickedVariant: winner, pickedByEmail: null, pickReason: { criterion: "h5", winner } });
    const [winnerTask] = await t.db.select().from(sendTasks).where(eq(sendTasks.id, test.winnerTaskId!));
    expect(winnerTask).toMatchObject({ content: TEXTS[winner], totalCount: 500, name: `copy test · ${"AB"[winner]} winner`, path: "/landing/index.html?activityId=abact&source=_cms_sms_" });

    // Nobody gets two messages: the three tasks' numbers are disjoint and together the eligible audience.
    const taskIds = [...created.variants.map((v) => v.taskId), test.winnerTaskId];
    const perPhone = await t.db.$client.query<{ n: number }>("select count(*)::int as n from send_recipients where task_id = any($1) group by phone", [taskIds]);
    expect(perPhone.rows.length).toBe(1000);
    expect(perPhone.rows.every((r) => r.n === 1)).toBe(true);

    // A second pick (a retry, or a person clicking at the same moment) changes nothing.
    expect(await runPick(t.db, wechat, created.testId, emu.clock.now)).toEqual({ kind: "done", reason: "alreadyDecided" });
    expect(await sendWinner(t.db, test, 1 - winner, null, null)).toBeNull();
    expect(await count("send_tasks where id = any($1)", [taskIds])).toBe(3);
    // The winner's send is audited once, as the automatic pick's (no user), with the reason it won.
    expect((await auditEntries(t.db, "abtest.pick")).filter((e) => e.subject === created.testId)).toEqual([
      {
        userId: null,
        action: "abtest.pick",
        subject: created.testId,
        details: { variant: "AB"[winner], winnerTaskId: test.winnerTaskId, numbers: 500, reason: test.pickReason },
      },
    ]);
  });

  it("retries unreadable figures, and 6 hours after the due time hands over to a person", async () => {
    const a = await audience(300);
    const created = await createAbTest(t.db, spec(a.id, { testShare: 30 }));
    await sendAll(async () => (await count("send_tasks where id = any($1) and finished_at is not null", [created.variants.map((v) => v.taskId)])) === 2);
    const broken = createWechatClient({ apiBase: `${emu.url}/nowhere`, appId: emu.appId, secret: emu.secret, envId: emu.envId, timeoutMs: 2_000 });
    const due = created.pickDueAt.getTime();
    expect(await runPick(t.db, broken, created.testId, new Date(due + 60_000))).toMatchObject({ kind: "retry" });
    expect((await getAbTest(t.db, created.testId))!).toMatchObject({ status: "testing", lastPickError: expect.any(String) });
    expect(await runPick(t.db, broken, created.testId, new Date(due + 6 * 3600_000))).toEqual({ kind: "manual", reason: "unreadable" });
    expect((await getAbTest(t.db, created.testId))!).toMatchObject({ status: "manual", manualReason: "unreadable", winnerTaskId: null });
  });
});

describe("the demo A/B test", () => {
  it("is a live test of two texts the simulated recipients answer clearly differently, on 1000 demo users", async () => {
    await seedDemoActivities(t.db);
    const created = await seedDemoAbTest(t.db, DEFAULT_SMS_SETTINGS);
    expect(created.variants.map((v) => v.size)).toEqual([200, 200]);
    expect(created.remainder).toBe(600);
    const test = (await getAbTest(t.db, created.testId))!;
    expect(test).toMatchObject({ activityId: "demo-newyear", status: "testing", pickMode: "auto", criterion: "h5" });
    expect(test.variants.map((v) => v.content)).toEqual([...DEMO_AB_TEXTS]);
    const [a, b] = DEMO_AB_TEXTS.map(contentRateFactors);
    expect(a.open - b.open).toBeGreaterThan(0.25);
  });
});
