import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { config } from "@/lib/config";
import type { Db } from "@/lib/db";
import { emuActivityKeys, emuSendTasks } from "@/lib/db/schema";
import { ActivityKeys, H5, insertVisits, scheduleVisits, visitorHash, WXAPP, type Visit } from "./events";
import { ensureDemoOpenUsers } from "./opendata";
import { planRecipients, simulatedOpenid, type Random } from "./simulation";
import { chinaHourAndWeekday, HOUR_SHAPE, WEEKDAY_SHAPE } from "./shapes";
import { chinaDay, CHINA_OFFSET_SECONDS } from "./wire";
import { SMS_CHANNEL } from "@/lib/statistics/rows";
// The demo history stands for sends Hongyan made, so its SMS links are the ones the sender writes.
import { smsPath } from "@/lib/activities/links";

/**
 * Demo data for a fresh emulator: three activities with five weeks of history (tens of thousands of numbers)
 * shaped by weekday and hour (shapes.ts), several channels, and a send twenty minutes ago whose
 * recipients keep arriving, so the real-time chart moves (the `emulator-traffic` job keeps a trickle coming).
 */

/** Days of history the demo covers (the issue asks for at least 30). */
export const DEMO_HISTORY_DAYS = 35;

export interface DemoChannel {
  /** At most 10 letters or digits, or `_cms_sms_`. */
  id: string;
  name: string;
}

export interface DemoActivity {
  id: string;
  name: string;
  /** The window relative to the seeding time: starts `startDaysAgo` days before, ends `endDaysAhead` days after (negative: ended). */
  startDaysAgo: number;
  endDaysAhead: number;
  miniProgram: { path: string; query: string };
  landing: { title: string; text: string; buttonLabel: string };
  channels: DemoChannel[];
  /** Days ago (0 = today) on which an SMS task went out, and its size. */
  sends: { daysAgo: number; numbers: number }[];
  /** Visitors a day on each non-SMS channel (H5 users that did not come from an SMS), before the weekday shape. */
  dailyVisitors: Record<string, number>;
  /** Numbers of a send twenty minutes before seeding (the most recently active activity has one). */
  liveSend?: number;
}

/** H5 visits that carried no `source` are reported on this channel ("unknown channel"); it is not a real channel. */
export const UNKNOWN_CHANNEL = "-";

export const DEMO_ACTIVITIES: readonly DemoActivity[] = [
  {
    id: "demo-double11",
    name: "双十一会员狂欢节",
    startDaysAgo: 35,
    endDaysAhead: 7,
    miniProgram: { path: "pages/activity/index", query: "id=double11" },
    landing: { title: "双十一会员狂欢节", text: "全场满 300 减 50，会员再享 95 折。活动期间每日 10 点准时开抢。", buttonLabel: "打开小程序领券" },
    channels: [
      { id: SMS_CHANNEL, name: "短信" },
      { id: "wecom", name: "企业微信" },
      { id: "poster", name: "门店海报" },
    ],
    sends: [
      { daysAgo: 34, numbers: 4000 },
      { daysAgo: 27, numbers: 3000 },
      { daysAgo: 20, numbers: 4000 },
      { daysAgo: 13, numbers: 5000 },
      { daysAgo: 7, numbers: 4000 },
      { daysAgo: 4, numbers: 3000 },
      { daysAgo: 1, numbers: 4000 },
    ],
    dailyVisitors: { wecom: 180, poster: 60, [UNKNOWN_CHANNEL]: 25 },
  },
  {
    id: "demo-newyear",
    name: "新年焕新季 · 新品首发",
    startDaysAgo: 12,
    endDaysAhead: 20,
    miniProgram: { path: "pages/launch/index", query: "id=newyear&from=sms" },
    landing: { title: "新年焕新季", text: "新品首发，前 1000 名下单赠限量礼盒。", buttonLabel: "立即查看新品" },
    channels: [
      { id: SMS_CHANNEL, name: "短信" },
      { id: "article", name: "公众号文章" },
      { id: "wecom", name: "企业微信" },
    ],
    sends: [
      { daysAgo: 11, numbers: 4000 },
      { daysAgo: 8, numbers: 3000 },
      { daysAgo: 5, numbers: 4000 },
      { daysAgo: 2, numbers: 4000 },
    ],
    dailyVisitors: { article: 120, wecom: 70, [UNKNOWN_CHANNEL]: 15 },
    liveSend: 1000,
  },
  {
    id: "demo-memberday",
    name: "会员日专享礼遇",
    startDaysAgo: 40,
    endDaysAhead: -2,
    miniProgram: { path: "pages/member/index", query: "id=memberday" },
    landing: { title: "会员日专享礼遇", text: "会员日当天积分翻倍，专属客服一对一服务。", buttonLabel: "进入会员中心" },
    channels: [
      { id: SMS_CHANNEL, name: "短信" },
      { id: "qq", name: "QQ 群" },
      { id: "poster", name: "门店海报" },
    ],
    sends: [
      { daysAgo: 38, numbers: 2500 },
      { daysAgo: 31, numbers: 2500 },
      { daysAgo: 24, numbers: 2500 },
      { daysAgo: 17, numbers: 2500 },
      { daysAgo: 10, numbers: 2500 },
      { daysAgo: 4, numbers: 2500 },
    ],
    dailyVisitors: { qq: 90, poster: 40, [UNKNOWN_CHANNEL]: 10 },
  },
];

/** The activity's start and end for demo data seeded at `now`. */
export function demoActivityWindow(a: Pick<DemoActivity, "startDaysAgo" | "endDaysAhead">, now: Date): { startAt: Date; endAt: Date } {
  return { startAt: new Date(now.getTime() - a.startDaysAgo * 86400_000), endAt: new Date(now.getTime() + a.endDaysAhead * 86400_000) };
}

const CHUNK = 10_000;

/**
 * A demo send task's ID: a UUID made from the activity and the send's position, so the emulator's reports and
 * the app's send ledger (lib/campaigns/demo.ts) name the same task, as Hongyan's own sends do.
 */
export function demoTaskId(activityId: string, index: number): string {
  const h = crypto.createHash("sha256").update(`hongyan-demo-task:${activityId}:${index}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A send of the demo history, for the app's ledger: numbers sent, how many WeChat accepted, when. */
export interface DemoSend {
  taskId: string;
  activityId: string;
  numbers: number;
  delivered: number;
  at: Date;
  /** The SMS text (content) the emulator recorded. */
  content: string;
  path: string;
}

/** What every demo SMS said. */
export const DEMO_SMS_CONTENT = "会员专享福利已到账";

export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR_TOTAL = HOUR_SHAPE.reduce((sum, w) => sum + w, 0);

/** An hour of the day (0-23), drawn with the weights of HOUR_SHAPE. */
function shapedHour(random: Random): number {
  let pick = random() * HOUR_TOTAL;
  for (let h = 0; h < 24; h++) if ((pick -= HOUR_SHAPE[h]) < 0) return h;
  return 23;
}

/** 10:00 China time, `daysAgo` days before `now`'s China day. */
function morningOf(now: Date, daysAgo: number): Date {
  const day = chinaDay(now.getTime() / 1000) - daysAgo;
  return new Date((day * 86400 - CHINA_OFFSET_SECONDS + 10 * 3600) * 1000);
}

interface SmsRow {
  serial: string;
  phone: string;
  code: string;
  message: string;
  path: string;
  activityId: string;
  sentAt: Date;
}

/**
 * Seeds the demo history once: does nothing when the demo activities already have send tasks.
 * Bulk statements only (unnest arrays of up to 10,000 rows).
 */
export async function seedEmulatorDemo(db: Db, opts: { now?: Date; envId?: string; appId?: string } = {}): Promise<{ seeded: boolean; numbers: number; sends: DemoSend[] }> {
  const now = opts.now ?? new Date();
  const envId = opts.envId ?? config().wechat.envId;
  const appId = opts.appId ?? config().emulator.appId;
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('emu_seed_demo'))`);
    const done = await tx
      .select({ taskId: emuSendTasks.taskId })
      .from(emuSendTasks)
      .innerJoin(emuActivityKeys, eq(emuActivityKeys.id, emuSendTasks.activityKey))
      .where(and(eq(emuActivityKeys.envId, envId), eq(emuActivityKeys.activityId, DEMO_ACTIVITIES[0].id)))
      .limit(1);
    if (done.length > 0) return { seeded: false, numbers: 0, sends: [] };

    const keys = new ActivityKeys(txDb);
    const random = seededRandom(20261111);
    const past: Visit[] = [];
    const future: Visit[] = [];
    const sms: SmsRow[] = [];
    const tasks: { key: number; taskId: string; count: number; at: Date }[] = [];
    const sendsDone: DemoSend[] = [];
    const visit = (v: Visit) => (v.at.getTime() <= now.getTime() ? past : future).push(v);

    for (const a of DEMO_ACTIVITIES) {
      const key = await keys.ensure(envId, a.id);
      const { startAt, endAt } = demoActivityWindow(a, now);
      // The sends, then the landing-page visits and mini-program opens of their recipients.
      const sends = [...a.sends.map((s) => ({ ...s, at: morningOf(now, s.daysAgo) }))];
      if (a.liveSend) sends.push({ daysAgo: 0, numbers: a.liveSend, at: new Date(now.getTime() - 20 * 60_000) });
      for (const [i, s] of sends.entries()) {
        if (s.at < startAt || s.at > now) continue;
        const taskId = demoTaskId(a.id, i + 1);
        let delivered = 0;
        for (let n = 0; n < s.numbers; n++) {
          const failed = random() < 0.02;
          if (!failed) delivered++;
          sms.push({
            serial: `2:${crypto.randomBytes(15).toString("base64url").slice(0, 19)}${s.at.toISOString().slice(0, 10).replace(/-/g, "")}`,
            phone: `+861${"35789"[Math.floor(random() * 5)]}${String(Math.floor(random() * 1e9)).padStart(9, "0")}`,
            code: failed ? "LimitExceeded.PhoneNumberDailyLimit" : "Ok",
            message: failed ? "the number of sms messages sent from a single mobile number every day exceeds the upper limit" : "send success",
            path: smsPath(a.id),
            activityId: a.id,
            sentAt: s.at,
          });
        }
        tasks.push({ key, taskId, count: s.numbers, at: new Date(s.at.getTime() + 60_000) });
        sendsDone.push({ taskId, activityId: a.id, numbers: s.numbers, delivered, at: s.at, content: DEMO_SMS_CONTENT, path: smsPath(a.id) });
        const rates = { openRate: 0.26 + random() * 0.1, jumpRate: 0.35 + random() * 0.12 };
        for (const p of planRecipients(delivered, s.at, rates, appId, random)) {
          visit({ activityKey: key, kind: H5, channelId: SMS_CHANNEL, visitor: visitorHash(p.sessionId), at: p.openAt });
          if (p.openid && p.jumpAt) visit({ activityKey: key, kind: WXAPP, channelId: SMS_CHANNEL, visitor: visitorHash(p.openid), at: p.jumpAt });
        }
      }
      // Visitors from the other channels, more at weekends and in the late morning and evening, within the window.
      for (let daysAgo = DEMO_HISTORY_DAYS; daysAgo >= 0; daysAgo--) {
        const midnight = morningOf(now, daysAgo).getTime() - 10 * 3600_000;
        const { weekday } = chinaHourAndWeekday(new Date(midnight));
        for (const [channelId, perDay] of Object.entries(a.dailyVisitors)) {
          const count = Math.round(perDay * WEEKDAY_SHAPE[weekday] * (0.85 + random() * 0.3));
          for (let n = 0; n < count; n++) {
            const at = new Date(midnight + (shapedHour(random) + random()) * 3600_000);
            if (at < startAt || at > endAt || at > now) continue;
            const session = crypto.randomUUID();
            visit({ activityKey: key, kind: H5, channelId, visitor: visitorHash(session), at });
            if (channelId !== UNKNOWN_CHANNEL && random() < 0.3) {
              visit({ activityKey: key, kind: WXAPP, channelId, visitor: visitorHash(simulatedOpenid(appId, session)), at: new Date(at.getTime() + 30_000 + random() * 180_000) });
            }
          }
        }
      }
    }

    for (let i = 0; i < sms.length; i += CHUNK) {
      const c = sms.slice(i, i + CHUNK);
      await tx.execute(sql`
        insert into emu_sms (serial_no, env_id, phone_number, sms_type, content, path, activity_id, channel_id, code, message, sent_at)
        select s, ${envId}, p, 'Marketing', ${DEMO_SMS_CONTENT}, pa, a, ${SMS_CHANNEL}, c, m, t
        from unnest(${sql.param(c.map((r) => r.serial))}::text[], ${sql.param(c.map((r) => r.phone))}::text[], ${sql.param(c.map((r) => r.path))}::text[],
                    ${sql.param(c.map((r) => r.activityId))}::text[], ${sql.param(c.map((r) => r.code))}::text[], ${sql.param(c.map((r) => r.message))}::text[],
                    ${sql.param(c.map((r) => r.sentAt.toISOString()))}::timestamptz[]) as x(s, p, pa, a, c, m, t)
        on conflict do nothing`);
    }
    await tx.execute(sql`
      insert into emu_send_tasks (activity_key, task_id, phone_count, day, reported_at)
      select k, t, n, floor((extract(epoch from r) + ${CHINA_OFFSET_SECONDS}) / 86400)::int, r
      from unnest(${sql.param(tasks.map((t) => t.key))}::int[], ${sql.param(tasks.map((t) => t.taskId))}::text[],
                  ${sql.param(tasks.map((t) => t.count))}::bigint[], ${sql.param(tasks.map((t) => t.at.toISOString()))}::timestamptz[]) as x(k, t, n, r)
      on conflict do nothing`);
    for (let i = 0; i < past.length; i += CHUNK) await insertVisits(txDb, past.slice(i, i + CHUNK));
    for (let i = 0; i < future.length; i += CHUNK) await scheduleVisits(txDb, future.slice(i, i + CHUNK));
    await ensureDemoOpenUsers(txDb);
    return { seeded: true, numbers: sms.length, sends: sendsDone };
  });
}
