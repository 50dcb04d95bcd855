import { desc, sql } from "drizzle-orm";
import { z } from "zod";
import { smsSegments } from "@/lib/campaigns/sms";
import type { Db } from "@/lib/db";
import { smsPrices } from "@/lib/db/schema";
import type { DayRange } from "@/lib/analytics/ranges";
import { dayBounds } from "./days";

/** A price per billed segment a person may set: CNY, up to 5 decimals (WeChat's packs cost about ¥0.04). */
export const smsPriceInput = z.object({
  priceCny: z.coerce
    .number({ message: "settings.price.errors.priceNotNumber" })
    .min(0, "settings.price.errors.priceNegative")
    .max(10, "settings.price.errors.priceTooHigh")
    .refine((n) => Number.isInteger(Math.round(n * 1e5)) && Math.abs(n * 1e5 - Math.round(n * 1e5)) < 1e-6, "settings.price.errors.priceDecimals"),
});

export interface SmsPrice {
  priceCny: number;
  effectiveFrom: string;
  setBy: string | null;
}

/** Every price ever set, newest first. */
export async function listSmsPrices(db: Db): Promise<SmsPrice[]> {
  const rows = await db.select().from(smsPrices).orderBy(desc(smsPrices.effectiveFrom), desc(smsPrices.id));
  return rows.map((r) => ({ priceCny: Number(r.priceCny), effectiveFrom: r.effectiveFrom.toISOString(), setBy: r.setBy }));
}

/** Sets the price from `effectiveFrom` (now): earlier tasks keep the price they were sent at. */
export async function setSmsPrice(db: Db, priceCny: number, setBy: string | null, effectiveFrom = new Date()): Promise<void> {
  await db.insert(smsPrices).values({ priceCny: priceCny.toFixed(5), effectiveFrom, setBy });
}

/** One send task's figures from the ledger, with its cost at the price of the day it was sent. */
export interface TaskCost {
  taskId: string;
  activityId: string;
  name: string;
  /** When the task started sending (its send time, or its creation when it was sent at once). */
  sentAt: string;
  sent: number;
  failed: number;
  /** Segments each SMS is billed as (70 characters is one, longer ones 67 a segment). */
  segmentsPerSms: number;
  billedSegments: number;
  /** CNY per segment in force when the task was sent; null when no price was set yet. */
  priceCny: number | null;
  cost: number | null;
}

/**
 * The send tasks of the given activities (all when omitted) that started sending within `range` (China days),
 * from the ledger: sent and failed numbers from the batches, billed segments = sent × segments of the text.
 */
export async function getTaskCosts(db: Db, opts: { activityIds?: readonly string[]; range?: DayRange } = {}): Promise<TaskCost[]> {
  const from = opts.range ? new Date(dayBounds(opts.range.from).beginDate * 1000).toISOString() : null;
  const to = opts.range ? new Date(dayBounds(opts.range.to).endDate * 1000).toISOString() : null;
  const ids = opts.activityIds ? [...opts.activityIds] : null;
  const r = await db.execute<{ id: string; activity_id: string; name: string; preview_text: string; sent_at: string; sent: number; failed: number; price: string | null }>(sql`
    select t.id, t.activity_id, t.name, t.preview_text, greatest(t.send_at, t.created_at) as sent_at, x.sent, x.failed,
           (select p.price_cny from sms_prices p where p.effective_from <= greatest(t.send_at, t.created_at) order by p.effective_from desc, p.id desc limit 1) as price
    from send_tasks t,
    lateral (select coalesce(sum(sent_count), 0)::int as sent, coalesce(sum(failed_count), 0)::int as failed from send_batches where task_id = t.id) x
    where (${sql.param(ids)}::text[] is null or t.activity_id = any(${sql.param(ids)}::text[]))
      and (${from}::timestamptz is null or greatest(t.send_at, t.created_at) >= ${from}::timestamptz)
      and (${to}::timestamptz is null or greatest(t.send_at, t.created_at) < ${to}::timestamptz)
    order by greatest(t.send_at, t.created_at) desc`);
  return r.rows.map((x) => {
    const segmentsPerSms = Math.max(1, smsSegments(x.preview_text));
    const billedSegments = Number(x.sent) * segmentsPerSms;
    const priceCny = x.price === null ? null : Number(x.price);
    return {
      taskId: x.id,
      activityId: x.activity_id,
      name: x.name,
      sentAt: new Date(x.sent_at).toISOString(),
      sent: Number(x.sent),
      failed: Number(x.failed),
      segmentsPerSms,
      billedSegments,
      priceCny,
      cost: priceCny === null ? null : roundCny(billedSegments * priceCny),
    };
  });
}

/** Cost and billed segments per activity; cost null when any task has no price yet. */
export function costByActivity(tasks: readonly TaskCost[]): Map<string, { billedSegments: number; cost: number | null }> {
  const out = new Map<string, { billedSegments: number; cost: number | null }>();
  for (const t of tasks) {
    const a = out.get(t.activityId) ?? { billedSegments: 0, cost: 0 };
    a.billedSegments += t.billedSegments;
    a.cost = a.cost === null || t.cost === null ? null : roundCny(a.cost + t.cost);
    out.set(t.activityId, a);
  }
  return out;
}

/** CNY to the fen's hundredth (5 decimals), so sums of many tasks do not drift. */
export function roundCny(n: number): number {
  return Math.round(n * 1e5) / 1e5;
}

/** cost ÷ users, null when either is unknown or there are no users. */
export function costPer(cost: number | null, users: number): number | null {
  return cost === null || users <= 0 ? null : cost / users;
}
