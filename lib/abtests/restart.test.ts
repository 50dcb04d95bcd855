import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendTasks } from "@/lib/db/schema";
import { createAudienceFromPhones } from "@/lib/audiences";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { DEFAULT_SMS_SETTINGS, saveSmsSettings } from "@/lib/settings/sms";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { workerProcesses } from "@/test/worker-process";
import { createAbTest } from "./create";
import { abTestSchema } from "./input";
import { getAbTest } from "./results";

/**
 * The pick survives a restart of the whole app: the test is created (its pick job on the queue), a real worker
 * process (scripts/worker.ts, the process `npm start` runs beside the web server) sends the variants and is then
 * killed with SIGKILL before the pick is due; a new worker process, started afterwards, makes the pick.
 */
let t: TestDatabase;
let emu: TestEmulator;
let workers: ReturnType<typeof workerProcesses>;
const startWorker = () => workers.start();
const WAIT_SECONDS = 30;

beforeAll(async () => {
  t = await createTestDatabase();
  emu = await startTestEmulator({ t, realTime: true });
  await emu.control("simulation", { enabled: true, openRate: 0.3, jumpRate: 0.4, failureRate: 0, openDelayMinutes: 0.05 });
  workers = workerProcesses(emu, { SENDER_POLL_MS: "200", ABTEST_MIN_WAIT_SECONDS: String(WAIT_SECONDS) });
  await t.db.$client.query(
    `insert into activities (id, name, start_at, end_at, landing_title, landing_button) values ('abrestart', 'A/B', now() - interval '1 day', now() + interval '9 days', 't', 'b')`,
  );
  // The worker processes read the allowed hours from the settings by the real clock: all day, whatever the hour.
  await saveSmsSettings(t.db, { ...DEFAULT_SMS_SETTINGS, allowedHours: { start: "00:00", end: "00:00" } }, null);
});
afterAll(async () => {
  workers?.dispose();
  await emu?.close();
  await t?.drop();
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("the winner pick and a restart of the whole app", () => {
  it(
    "happens after every app process was killed and started again",
    async () => {
      const phones = Array.from({ length: 400 }, (_, i) => `+86${13_600_000_000 + i * 11}`);
      const audience = await createAudienceFromPhones(t.db, { name: "restart", createdBy: null, phones });
      const input = abTestSchema.parse({
        name: "restart",
        activityId: "abrestart",
        smsType: "Marketing",
        audienceId: audience.audienceId,
        variants: [{ content: "新年礼盒限量抢，前1000名赠好礼" }, { content: "新品首发：下单即送限量礼盒" }],
        testShare: 30,
        waitHours: 1,
      });
      const created = await createAbTest(t.db, {
        input,
        previews: input.variants.map((v) => ({ text: v.content, useShortName: false })),
        names: { task: (l) => `restart · ${l}`, channel: (l) => `A/B restart ${l}`, winnerTask: (l) => `restart · ${l} winner` },
        sendAt: undefined,
        allowedHours: { start: "00:00", end: "00:00" },
        createdBy: null,
        waitSeconds: WAIT_SECONDS,
      });
      const variantsReported = async () =>
        (await t.db.$count(sendTasks, and(inArray(sendTasks.id, created.variants.map((v) => v.taskId)), isNotNull(sendTasks.reportedAt)))) === 2;

      const first = startWorker();
      await until("the variants to be sent", variantsReported, 60_000);
      first.child.kill("SIGKILL");
      await first.exited;
      expect(Date.now()).toBeLessThan(created.pickDueAt.getTime());
      expect((await getAbTest(t.db, created.testId))!.status).toBe("testing");

      const second = startWorker();
      try {
        await until("the pick", async () => (await getAbTest(t.db, created.testId))!.status === "picked", 90_000);
      } finally {
        second.child.kill("SIGTERM");
        await second.exited;
      }
      const test = (await getAbTest(t.db, created.testId))!;
      expect(test.pickedByEmail).toBeNull();
      expect(test.pickReason).toMatchObject({ criterion: "h5", winner: test.pickedVariant });
      const [winner] = await t.db.select({ totalCount: sendTasks.totalCount, content: sendTasks.content }).from(sendTasks).where(eq(sendTasks.id, test.winnerTaskId!));
      expect(winner).toEqual({ totalCount: 280, content: input.variants[test.pickedVariant!].content });
    },
    200_000,
  );
});
