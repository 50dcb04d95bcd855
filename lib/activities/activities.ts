import crypto from "node:crypto";
import { desc, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { activities } from "@/lib/db/schema";

export type Activity = typeof activities.$inferSelect;

/** What a landing page shows for an activity at a given moment. */
export type ActivityState = "open" | "not_started" | "ended" | "closed";

/** New activity IDs: 32 hex characters, like the seed's `activity_id` example. */
export function newActivityId(): string {
  return crypto.randomBytes(16).toString("hex");
}

/** Any activity ID a link may carry (new ones and readable demo ones such as `demo-double11`). */
export const activityIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1–64 letters, digits, - or _");

export const MINI_PROGRAM_QUERY_MAX = 512;

/** Parsed once at the edge (server actions, seeding); everything below trusts it. */
export const activityInputSchema = z
  .object({
    name: z.string().trim().min(1, "activities.validation.name").max(60, "activities.validation.name"),
    startAt: z.coerce.date({ error: "activities.validation.startAt" }),
    endAt: z.coerce.date({ error: "activities.validation.endAt" }),
    /** A published page, without a query: `pages/index/index` (a leading `/` is allowed). */
    miniProgramPath: z
      .string()
      .trim()
      .max(200, "activities.validation.miniProgramPath")
      .regex(/^[A-Za-z0-9_\-/.]*$/, "activities.validation.miniProgramPath"),
    miniProgramQuery: z
      .string()
      .trim()
      .max(MINI_PROGRAM_QUERY_MAX, "activities.validation.miniProgramQuery")
      .regex(/^[^\s?#]*$/, "activities.validation.miniProgramQuery")
      .default(""),
    landingTitle: z.string().trim().min(1, "activities.validation.landingTitle").max(40, "activities.validation.landingTitle"),
    landingText: z.string().trim().max(500, "activities.validation.landingText").default(""),
    landingButton: z.string().trim().min(1, "activities.validation.landingButton").max(16, "activities.validation.landingButton"),
  })
  .refine((a) => a.endAt.getTime() > a.startAt.getTime(), { path: ["endAt"], message: "activities.validation.endAt" });
export type ActivityInput = z.infer<typeof activityInputSchema>;

export function activityState(a: Pick<Activity, "closed" | "startAt" | "endAt">, now = new Date()): ActivityState {
  if (a.closed) return "closed";
  if (now.getTime() < a.startAt.getTime()) return "not_started";
  if (now.getTime() >= a.endAt.getTime()) return "ended";
  return "open";
}

export interface ActivitySummary {
  id: string;
  name: string;
  startAt: Date;
  endAt: Date;
  closed: boolean;
  state: ActivityState;
  createdAt: Date;
}

/** Newest first; `search` matches the name or the ID (case-insensitive, anywhere). */
export async function listActivities(db: Db, opts: { search?: string; limit?: number; now?: Date } = {}): Promise<ActivitySummary[]> {
  const search = opts.search?.trim();
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await db
    .select({
      id: activities.id,
      name: activities.name,
      startAt: activities.startAt,
      endAt: activities.endAt,
      closed: activities.closed,
      createdAt: activities.createdAt,
    })
    .from(activities)
    .where(pattern ? or(ilike(activities.name, pattern), ilike(activities.id, pattern)) : undefined)
    .orderBy(desc(activities.createdAt), activities.id)
    .limit(opts.limit ?? 500);
  return rows.map((r) => ({ ...r, state: activityState(r, opts.now) }));
}

export async function getActivity(db: Db, id: string): Promise<Activity | undefined> {
  if (!activityIdSchema.safeParse(id).success) return undefined;
  const rows = await db.select().from(activities).where(eq(activities.id, id)).limit(1);
  return rows[0];
}

export async function countActivities(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(activities);
  return rows[0].n;
}

export async function createActivity(db: Db, input: ActivityInput, opts: { id?: string; createdBy?: string | null } = {}): Promise<Activity> {
  const a = activityInputSchema.parse(input);
  const rows = await db
    .insert(activities)
    .values({ id: opts.id ?? newActivityId(), createdBy: opts.createdBy ?? null, ...a })
    .returning();
  return rows[0];
}

export async function updateActivity(db: Db, id: string, input: ActivityInput): Promise<Activity | undefined> {
  const a = activityInputSchema.parse(input);
  const rows = await db
    .update(activities)
    .set({ ...a, updatedAt: new Date() })
    .where(eq(activities.id, id))
    .returning();
  return rows[0];
}

/** Closing keeps everything (links answer "closed", statistics stay); reopening is allowed. */
export async function setActivityClosed(db: Db, id: string, closed: boolean): Promise<boolean> {
  const rows = await db.update(activities).set({ closed, updatedAt: new Date() }).where(eq(activities.id, id)).returning({ id: activities.id });
  return rows.length > 0;
}
