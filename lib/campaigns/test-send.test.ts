import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emuSms, testSends } from "@/lib/db/schema";
import { addSuppressions } from "@/lib/audiences";
import { createUser } from "@/lib/auth/users";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { auditEntries } from "@/test/audit";
import { createWechatClient } from "@/lib/wechat";
import { parseTestNumbers, sendTestSms, TestSendRefusal, type TestSendInput } from "./test-send";
import { smsApiFromWechat } from "./wechat-sms-api";
import type { SmsApi } from "./sms-api";

/** Test sends against the real emulator over HTTP: what reaches it, what the ledger and the audit log keep. */
let emu: TestEmulator;
let api: SmsApi;
const HOURS = { start: "08:00", end: "21:00" };
// 10:00 in China: inside the allowed hours; 23:00 in China: outside.
const DAYTIME = new Date("2026-11-20T02:00:00Z");
const NIGHT = new Date("2026-11-20T15:00:00Z");

beforeAll(async () => {
  emu = await startTestEmulator();
  api = smsApiFromWechat(createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, retry: { attempts: 0 } }));
});
afterAll(async () => {
  await emu?.close();
});

let n = 0;
async function newUser(): Promise<string> {
  const u = await createUser(emu.t.db, { email: `tester${++n}@example.com`, name: "t", role: "marketer", password: "password-123" });
  return u.id;
}
function input(userId: string, phonesText: string, over: Partial<TestSendInput> = {}): TestSendInput {
  return {
    userId, overrideAllowedHours: false, activityId: "act-1", phonesText, previewText: "【鸿雁】hi", allowedHours: HOURS, now: DAYTIME,
    sms: { smsType: "Marketing", content: "hi", path: "/landing/index.html?activityId=act-1" }, ...over,
  };
}
async function reachedEmulator(phones: string[]): Promise<string[]> {
  const rows = await emu.t.db.select({ phone: emuSms.phoneNumber }).from(emuSms).where(inArray(emuSms.phoneNumber, phones));
  return rows.map((x) => x.phone).sort();
}
async function refusal(p: Promise<unknown>): Promise<TestSendRefusal> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TestSendRefusal);
  return e as TestSendRefusal;
}
let base = 13_600_000_000;
const phones = (k: number) => Array.from({ length: k }, () => `+86${base++}`);

describe("test numbers", () => {
  it("splits pasted numbers as audiences do: a space stays inside a number", () => {
    expect(parseTestNumbers("138 0013 8000, 139-0013-9000\n+86 137 0013 7000")).toEqual(["+8613800138000", "+8613900139000", "+8613700137000"]);
  });

  it("names the number that is not a mobile number, and refuses more than 5", () => {
    const thrown = (() => {
      try {
        parseTestNumbers("13800138000, 12345");
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(thrown).toBeInstanceOf(TestSendRefusal);
    expect((thrown as TestSendRefusal).params).toEqual({ number: "12345" });
    expect(() => parseTestNumbers("13800138001,13800138002,13800138003,13800138004,13800138005,13800138006")).toThrow(/tooManyNumbers/);
  });
});

describe("test sends obey a campaign's rules", () => {
  it("refuses a number on the opt-out list by name and sends nothing", async () => {
    const user = await newUser();
    const [ok, out] = phones(2);
    await addSuppressions(emu.t.db, { phones: [out], reason: "test", addedBy: null });
    const e = await refusal(sendTestSms(emu.t.db, api, input(user, `${ok}, ${out}`)));
    expect(e.code).toBe("optedOut");
    expect(e.params.number).toBe(out);
    expect(await reachedEmulator([ok, out])).toEqual([]);
  });

  it("holds marketing tests outside the allowed hours unless an admin overrides them, and records the override", async () => {
    const user = await newUser();
    const [p] = phones(1);
    const e = await refusal(sendTestSms(emu.t.db, api, input(user, p, { now: NIGHT })));
    expect(e.code).toBe("outsideAllowedHours");
    expect(await reachedEmulator([p])).toEqual([]);
    const sent = await sendTestSms(emu.t.db, api, input(user, p, { now: NIGHT, overrideAllowedHours: true }));
    expect(sent.overrodeAllowedHours).toBe(true);
    expect(await reachedEmulator([p])).toEqual([p]);
    const audit = (await auditEntries(emu.t.db, "campaign.test_send")).filter((e) => e.userId === user);
    expect(audit.map((e) => e.details.overrodeAllowedHours)).toEqual([true]);
  });

  it("records each test send with its numbers and results in the ledger and the audit log", async () => {
    const user = await newUser();
    const list = phones(2);
    const sent = await sendTestSms(emu.t.db, api, input(user, list.join("\n")));
    expect(sent.statuses.map((s) => s.phone).sort()).toEqual([...list].sort());
    const [ledger] = await emu.t.db.select({ phones: testSends.phones, results: testSends.results }).from(testSends).where(eq(testSends.id, sent.testSendId));
    expect(ledger.phones).toEqual(list);
    expect(ledger.results?.map((r) => r.serialNo.length > 0)).toEqual([true, true]);
    const audit = (await auditEntries(emu.t.db, "campaign.test_send")).filter((e) => e.userId === user);
    expect(audit).toEqual([
      {
        userId: user,
        action: "campaign.test_send",
        subject: "act-1",
        details: expect.objectContaining({ phones: list, overrodeAllowedHours: false, results: sent.statuses.map((s) => ({ phone: s.phone, code: s.code })) }),
      },
    ]);
  });

  it("stores a refused test send as WeChat's errcode and errmsg, which the form words, not one composed string", async () => {
    const user = await newUser();
    const [p] = phones(1);
    expect((await emu.control("faults", { busyRate: 1 })).status).toBe(200);
    const thrown = await sendTestSms(emu.t.db, api, input(user, p)).then(() => null, (e: unknown) => e);
    expect((await emu.control("faults", {})).status).toBe(200);
    expect(thrown).toMatchObject({ code: -1 });
    const rows = await emu.t.db.select({ errorCode: testSends.errorCode, error: testSends.error, results: testSends.results }).from(testSends).where(eq(testSends.userId, user));
    expect(rows).toEqual([{ errorCode: "-1", error: "system error", results: null }]);
    const audit = (await auditEntries(emu.t.db, "campaign.test_send")).filter((e) => e.userId === user);
    expect(audit.map((e) => [e.details.kind, e.details.errorCode, e.details.error])).toEqual([["refused", "-1", "system error"]]);
    expect(await reachedEmulator([p])).toEqual([]);
  });

  it("lets one user test at most 20 numbers an hour, even with parallel clicks", async () => {
    const user = await newUser();
    const batches = Array.from({ length: 6 }, () => phones(5));
    const outcomes = await Promise.all(batches.map((b) => sendTestSms(emu.t.db, api, input(user, b.join(","))).then(() => "sent", (e: TestSendRefusal) => e.code)));
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(4);
    expect(outcomes.filter((o) => o === "hourlyLimit")).toHaveLength(2);
    expect(await reachedEmulator(batches.flat())).toHaveLength(20);
    // Another user has their own 20; an hour later the first one may test again.
    expect((await sendTestSms(emu.t.db, api, input(await newUser(), phones(5).join(",")))).statuses).toHaveLength(5);
    const later = new Date(DAYTIME.getTime() + 3601_000);
    expect((await sendTestSms(emu.t.db, api, input(user, phones(1)[0], { now: later }))).statuses).toHaveLength(1);
  });
});
