import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoLedger } from "@/lib/campaigns/demo";
import { smsSegments } from "@/lib/campaigns/sms";
import { DEMO_ACTIVITIES, seedEmulatorDemo, type DemoSend } from "@/lib/emulator/demo";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { costByActivity, getTaskCosts, listSmsPrices, setSmsPrice, smsPriceInput } from "./cost";

let t: TestDatabase;
let sends: DemoSend[];
const now = new Date("2026-11-20T02:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  ({ sends } = await seedEmulatorDemo(t.db, { now, envId: "emulator-env", appId: "wxdemo" }));
  await seedDemoLedger(t.db, sends);
});

afterAll(async () => {
  await t?.drop();
});

describe("the demo's sends in the ledger", () => {
  it("puts every reported demo send into the ledger under the task ID WeChat counts", async () => {
    const reported = await t.db.execute<{ task_id: string; phone_count: string }>(sql`select task_id, phone_count::text from emu_send_tasks`);
    expect(reported.rows.length).toBe(sends.length);
    const tasks = await getTaskCosts(t.db);
    const byId = new Map(tasks.map((x) => [x.taskId, x]));
    for (const r of reported.rows) {
      const task = byId.get(r.task_id);
      expect(task, r.task_id).toBeDefined();
      expect(task!.sent + task!.failed).toBe(Number(r.phone_count));
    }
    // What the emulator accepted is what the ledger says was sent.
    const ok = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from emu_sms where code = 'Ok'`);
    expect(tasks.reduce((s, x) => s + x.sent, 0)).toBe(Number(ok.rows[0].n));
  });
});

describe("cost from the ledger and the price history", () => {
  it("has no cost before a price is set", async () => {
    const tasks = await getTaskCosts(t.db);
    expect(tasks.every((x) => x.priceCny === null && x.cost === null)).toBe(true);
    expect([...costByActivity(tasks).values()].every((c) => c.cost === null)).toBe(true);
  });

  it("bills sent numbers × segments at the price in force when each task was sent", async () => {
    await setSmsPrice(t.db, 0.04, null, new Date(0));
    // A price set between two demo sends applies to the later ones only.
    const later = sends.filter((s) => s.activityId === DEMO_ACTIVITIES[0].id).sort((a, b) => a.at.getTime() - b.at.getTime());
    const cut = new Date(later[2].at.getTime() - 1000);
    await setSmsPrice(t.db, 0.05, null, cut);
    const tasks = await getTaskCosts(t.db, { activityIds: [DEMO_ACTIVITIES[0].id] });
    expect(tasks.length).toBe(later.length);
    for (const task of tasks) {
      const preview = (await t.db.execute<{ preview_text: string }>(sql`select preview_text from send_tasks where id = ${task.taskId}`)).rows[0].preview_text;
      expect(task.billedSegments).toBe(task.sent * smsSegments(preview));
      const price = new Date(task.sentAt) >= cut ? 0.05 : 0.04;
      expect(task.priceCny).toBe(price);
      expect(task.cost).toBeCloseTo(task.billedSegments * price, 5);
    }
    const total = costByActivity(tasks).get(DEMO_ACTIVITIES[0].id)!;
    expect(total.cost).toBeCloseTo(tasks.reduce((s, x) => s + x.billedSegments * x.priceCny!, 0), 5);
    expect((await listSmsPrices(t.db)).map((p) => p.priceCny)).toEqual([0.05, 0.04]);
  });

  it("takes only the tasks sent within a range of China days", async () => {
    const day = sends[0].at.toISOString().slice(0, 10);
    const inRange = await getTaskCosts(t.db, { range: { from: day, to: day } });
    expect(inRange.length).toBeGreaterThan(0);
    expect(inRange.every((x) => x.sentAt.slice(0, 10) === day)).toBe(true);
  });

  it("refuses a price that is negative, not a number or finer than 5 decimals, naming the problem", () => {
    expect(smsPriceInput.safeParse({ priceCny: "0.045" }).success).toBe(true);
    for (const [value, message] of [["-1", "settings.price.errors.priceNegative"], ["abc", "settings.price.errors.priceNotNumber"], ["0.0000001", "settings.price.errors.priceDecimals"], ["11", "settings.price.errors.priceTooHigh"]]) {
      const r = smsPriceInput.safeParse({ priceCny: value });
      expect(r.success, value).toBe(false);
      expect(r.error!.issues[0]).toMatchObject({ path: ["priceCny"], message });
    }
  });
});
