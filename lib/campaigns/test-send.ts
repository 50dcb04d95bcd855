import { normalisePhone, parsePastedPhones, suppressedAmong } from "@/lib/audiences";
import { audit } from "@/lib/auth/audit";
import { and, eq, gt, min, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { testSends, type SmsType } from "@/lib/db/schema/campaigns";
import { isWithinAllowedHours, nextAllowedTime, type AllowedHours } from "./allowed-hours";
import type { SmsBody } from "./sms-body";
import { classifySendFailure, type SmsApi } from "./sms-api";

/**
 * A test send obeys a campaign's rules: numbers are split as pasted audiences are (a space stays inside a
 * number), opted-out numbers are refused by name, marketing SMS wait for the allowed hours unless an admin
 * overrides them, and each user may send to at most {@link TEST_NUMBERS_PER_HOUR} numbers an hour. Each test
 * send is a row of `test_sends`, with its numbers and WeChat's answer for each: the ledger of test sends.
 */
export const TEST_NUMBERS_PER_CALL = 5;
export const TEST_NUMBERS_PER_HOUR = 20;

/** Why a test send was refused; `code` is what the UI translates (messages/<locale>/campaigns.json, `testErrors`). */
export class TestSendRefusal extends Error {
  constructor(
    readonly code:
      | "noNumbers"
      | "tooManyNumbers"
      | "badNumber"
      | "optedOut"
      | "outsideAllowedHours"
      | "hourlyLimit",
    readonly params: Record<string, string | number> = {},
  ) {
    super(`test send refused: ${code}`);
  }
}

export interface TestSendInput {
  userId: string;
  /** Only an admin may send a marketing test outside the allowed hours, and only by saying so. */
  overrideAllowedHours: boolean;
  activityId: string;
  phonesText: string;
  sms: SmsBody & { useShortName?: boolean };
  previewText: string;
  allowedHours: AllowedHours;
  now?: Date;
}

export interface TestSendResult {
  testSendId: string;
  phones: string[];
  statuses: Array<{ phone: string; code: string; message: string; serialNo: string }>;
  overrodeAllowedHours: boolean;
}

/** The numbers of a pasted list, normalised and de-duplicated, or a refusal naming the first bad one. */
export function parseTestNumbers(text: string): string[] {
  const phones: string[] = [];
  for (const entry of parsePastedPhones(text)) {
    const n = normalisePhone(entry.value);
    if (!n.ok) throw new TestSendRefusal("badNumber", { number: entry.value.trim() });
    if (!phones.includes(n.phone)) phones.push(n.phone);
  }
  if (phones.length === 0) throw new TestSendRefusal("noNumbers");
  if (phones.length > TEST_NUMBERS_PER_CALL) throw new TestSendRefusal("tooManyNumbers", { max: TEST_NUMBERS_PER_CALL });
  return phones;
}

export async function sendTestSms(database: Db, api: SmsApi, input: TestSendInput): Promise<TestSendResult> {
  const now = input.now ?? new Date();
  const phones = parseTestNumbers(input.phonesText);
  const optedOut = await suppressedAmong(database, phones);
  if (optedOut.size > 0) throw new TestSendRefusal("optedOut", { number: [...optedOut].join(", ") });
  const smsType: SmsType = input.sms.smsType;
  const outsideHours = smsType === "Marketing" && !isWithinAllowedHours(now, input.allowedHours);
  if (outsideHours && !input.overrideAllowedHours) {
    throw new TestSendRefusal("outsideAllowedHours", {
      start: input.allowedHours.start,
      end: input.allowedHours.end,
      next: nextAllowedTime(now, input.allowedHours).toISOString(),
    });
  }

  // The count and the new row in one transaction, serialised per user: parallel clicks cannot both pass.
  const testSendId = await database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`test_sends:${input.userId}`}))`);
    const [{ n, oldest }] = await tx
      .select({ n: sql<number>`coalesce(sum(cardinality(${testSends.phones})), 0)::int`.mapWith(Number), oldest: min(testSends.at) })
      .from(testSends)
      .where(and(eq(testSends.userId, input.userId), gt(testSends.at, new Date(now.getTime() - 3600_000))));
    if (n + phones.length > TEST_NUMBERS_PER_HOUR) {
      const minutes = oldest ? Math.max(1, Math.ceil((oldest.getTime() + 3600_000 - now.getTime()) / 60_000)) : 60;
      throw new TestSendRefusal("hourlyLimit", { max: TEST_NUMBERS_PER_HOUR, left: Math.max(0, TEST_NUMBERS_PER_HOUR - n), minutes });
    }
    const [row] = await tx
      .insert(testSends)
      .values({ userId: input.userId, activityId: input.activityId, smsType, phones, previewText: input.previewText, overrodeAllowedHours: outsideHours, at: now })
      .returning({ id: testSends.id });
    return row.id;
  });

  const auditDetails = { testSendId, smsType, text: input.previewText, phones, overrodeAllowedHours: outsideHours };
  try {
    const answer = await api.sendSms({ ...input.sms, phoneNumberList: phones });
    const statuses = answer.sendStatusList.map((s) => ({ phone: s.phoneNumber, code: s.code, message: s.message, serialNo: s.serialNo }));
    await database.update(testSends).set({ results: statuses }).where(eq(testSends.id, testSendId));
    await audit(input.userId, "campaign.test_send", input.activityId, { ...auditDetails, results: statuses.map((s) => ({ phone: s.phone, code: s.code })) }, database);
    return { testSendId, phones, statuses, overrodeAllowedHours: outsideHours };
  } catch (err) {
    // Stored as a batch's failure is (lib/campaigns/failure.ts): a code the page words, and WeChat's errmsg.
    const { kind, code, detail } = classifySendFailure(err);
    await database.update(testSends).set({ errorCode: code, error: detail }).where(eq(testSends.id, testSendId));
    await audit(input.userId, "campaign.test_send", input.activityId, { ...auditDetails, kind, errorCode: code, error: detail }, database);
    throw err;
  }
}
