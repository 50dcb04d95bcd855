import { getOverview, getRealtime } from "@/lib/analytics/queries";
import { asc, desc, eq, sql } from "drizzle-orm";
import { getTaskCounts } from "@/lib/campaigns/progress";
import type { Db } from "@/lib/db";
import { abTests, abTestVariants, type AbManualReason, type AbTestStatus } from "@/lib/db/schema/abtests";
import { users } from "@/lib/db/schema/auth";
import { sendTasks } from "@/lib/db/schema/campaigns";
import { isUuid } from "@/lib/ids";
import type { SmsType } from "@/lib/db/schema/campaigns";
import type { WechatClient } from "@/lib/wechat";
import { analyseVariants, type Criterion, type PickReason, type VariantAnalysis, type VariantFigures } from "./pick";
import { VARIANT_LABELS } from "./split";

/** An A/B test as stored, with its variants (what the pick and the results page start from). */
export interface AbTest {
  id: string;
  name: string;
  activityId: string;
  audienceId: string;
  smsType: SmsType;
  templateId: string | null;
  testShare: number;
  criterion: Criterion;
  waitHours: number;
  pickMode: "auto" | "manual";
  status: AbTestStatus;
  manualReason: AbManualReason | null;
  pickDueAt: string | null;
  lastPickError: string | null;
  pickedVariant: number | null;
  pickedAt: string | null;
  pickedByEmail: string | null;
  pickReason: PickReason | null;
  winnerTaskId: string | null;
  winnerTaskName: string;
  eligibleCount: number;
  remainderCount: number;
  sendAt: string;
  createdAt: string;
  variants: Array<{
    index: number;
    label: string;
    channelId: string;
    taskId: string;
    content: string | null;
    templateParams: string[] | null;
    size: number;
    /** The ledger: numbers the SMS reached, and whether the task has finished. */
    sent: number;
    taskFinished: boolean;
    previewText: string;
    useShortName: boolean;
  }>;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function getAbTest(database: Db, testId: string): Promise<AbTest | null> {
  if (!isUuid(testId)) return null;
  const [row] = await database
    .select({ test: abTests, pickedByEmail: users.email })
    .from(abTests)
    .leftJoin(users, eq(users.id, abTests.pickedBy))
    .where(eq(abTests.id, testId));
  if (!row) return null;
  const { test: t, pickedByEmail } = row;
  const variants = await database
    .select({ variant: abTestVariants, finishedAt: sendTasks.finishedAt, previewText: sendTasks.previewText, useShortName: sendTasks.useShortName })
    .from(abTestVariants)
    .innerJoin(sendTasks, eq(sendTasks.id, abTestVariants.taskId))
    .where(eq(abTestVariants.testId, testId))
    .orderBy(asc(abTestVariants.idx));
  const counts = await getTaskCounts(database, variants.map((v) => v.variant.taskId));
  return {
    id: t.id,
    name: t.name,
    activityId: t.activityId,
    audienceId: t.audienceId,
    smsType: t.smsType,
    templateId: t.templateId,
    testShare: t.testShare,
    criterion: t.criterion,
    waitHours: t.waitHours,
    pickMode: t.pickMode,
    status: t.status,
    manualReason: t.manualReason,
    pickDueAt: iso(t.pickDueAt),
    lastPickError: t.lastPickError,
    pickedVariant: t.pickedVariant,
    pickedAt: iso(t.pickedAt),
    pickedByEmail,
    pickReason: t.pickReason,
    winnerTaskId: t.winnerTaskId,
    winnerTaskName: t.winnerTaskName,
    eligibleCount: t.eligibleCount,
    remainderCount: t.remainderCount,
    sendAt: t.sendAt.toISOString(),
    createdAt: t.createdAt.toISOString(),
    variants: variants.map(({ variant: v, finishedAt, previewText, useShortName }) => ({
      index: v.idx,
      label: VARIANT_LABELS[v.idx],
      channelId: v.channelId,
      taskId: v.taskId,
      content: v.content,
      templateParams: v.templateParams,
      size: v.size,
      sent: counts.get(v.taskId)?.sent ?? 0,
      taskFinished: finishedAt !== null,
      previewText,
      useShortName,
    })),
  };
}

/** The test's window for WeChat's figures: from the day it started to now, in Unix seconds. */
function windowOf(test: AbTest, now: Date): { beginDate: number; endDate: number } {
  return { beginDate: Math.floor(new Date(test.sendAt).getTime() / 1000), endDate: Math.max(Math.floor(now.getTime() / 1000), Math.floor(new Date(test.sendAt).getTime() / 1000) + 1) };
}

/**
 * Each variant's figures: sent from the ledger, H5 and mini-program users from WeChat, per variant channel.
 * Throws WeChat's error when the figures cannot be read (the pick retries).
 */
export async function readVariantFigures(wechat: WechatClient, test: AbTest, now = new Date()): Promise<VariantFigures[]> {
  const rows = await getOverview(wechat, { activityId: test.activityId, ...windowOf(test, now), byChannel: "1" });
  return test.variants.map((v) => {
    const row = rows.find((r) => r.channelId === v.channelId);
    return { sent: v.sent, h5Users: row?.h5OpenUsers ?? 0, wxappUsers: row?.jumpWxappUsers ?? 0 };
  });
}

export interface RatePoint {
  /** Bucket start, Unix seconds. */
  time: number;
  /** Per variant (A first): cumulative users so far ÷ sent. */
  h5: number[];
  wxapp: number[];
}

/** Real-time data is asked for in windows of at most this long. */
const REALTIME_WINDOW_S = 24 * 3600;

/**
 * Cumulative rates over time from the real-time data (5-minute buckets of distinct users per channel): users summed
 * bucket by bucket over the test so far, divided by each variant's sent count. A visitor who comes back in another
 * bucket counts again here, so the curves can end slightly above the overview's rates.
 */
export async function cumulativeRates(wechat: WechatClient, test: AbTest, now = new Date()): Promise<RatePoint[]> {
  const { beginDate, endDate } = windowOf(test, now);
  const start = Math.floor(beginDate / 300) * 300;
  const perVariant = await Promise.all(
    test.variants.map(async (v) => {
      const points: { time: number; h5Users: number; wxappUsers: number }[] = [];
      for (let from = start; from < endDate; from += REALTIME_WINDOW_S) {
        const to = Math.min(endDate, from + REALTIME_WINDOW_S);
        points.push(...(await getRealtime(wechat, { activityId: test.activityId, channelId: v.channelId, beginDate: from, endDate: to })));
      }
      return points;
    }),
  );
  const length = Math.min(...perVariant.map((p) => p.length));
  const h5 = test.variants.map(() => 0);
  const wxapp = test.variants.map(() => 0);
  const out: RatePoint[] = [];
  for (let i = 0; i < length; i++) {
    test.variants.forEach((v, j) => {
      h5[j] += perVariant[j][i].h5Users;
      wxapp[j] += perVariant[j][i].wxappUsers;
    });
    out.push({
      time: perVariant[0][i].time,
      h5: test.variants.map((v, j) => (v.sent > 0 ? Math.min(1, h5[j] / v.sent) : 0)),
      wxapp: test.variants.map((v, j) => (v.sent > 0 ? Math.min(1, wxapp[j] / v.sent) : 0)),
    });
  }
  return out;
}

export interface AbResults {
  test: AbTest;
  /** null when WeChat's figures could not be read (then `figuresError` says why). */
  analysis: VariantAnalysis[] | null;
  figuresError: string | null;
  series: RatePoint[];
}

/** What the results page shows: the test, each variant's figures and rates, and the curves. */
export async function getAbResults(database: Db, wechat: WechatClient, testId: string, now = new Date()): Promise<AbResults | null> {
  const test = await getAbTest(database, testId);
  if (!test) return null;
  try {
    const [figures, series] = await Promise.all([readVariantFigures(wechat, test, now), cumulativeRates(wechat, test, now)]);
    return { test, analysis: analyseVariants(figures, test.criterion), figuresError: null, series };
  } catch (e) {
    return { test, analysis: null, figuresError: e instanceof Error ? e.message : String(e), series: [] };
  }
}

export interface AbTestSummary {
  id: string;
  name: string;
  activityId: string;
  status: AbTestStatus;
  variants: number;
  createdAt: string;
  pickedVariant: number | null;
}

/** The A/B tests, newest first, for the list. */
export async function listAbTests(database: Db, limit = 100): Promise<AbTestSummary[]> {
  const rows = await database
    .select({
      id: abTests.id,
      name: abTests.name,
      activityId: abTests.activityId,
      status: abTests.status,
      createdAt: abTests.createdAt,
      pickedVariant: abTests.pickedVariant,
      variants: sql<number>`(select count(*)::int from ${abTestVariants} where ${abTestVariants.testId} = ${abTests.id})`.mapWith(Number),
    })
    .from(abTests)
    .orderBy(desc(abTests.createdAt))
    .limit(limit);
  return rows.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() }));
}
