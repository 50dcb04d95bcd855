"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { cancelJob, getQueueOverview, retryJob } from "@/lib/jobs/admin";
import { clearPause, dueActivities, setSmsPrice, smsPriceInput, syncActivity, type SyncOutcome } from "@/lib/history";
import { enqueueStatsSync } from "@/lib/history/queue";
import { testWechatConnection } from "@/lib/settings/connection-test";
import { log } from "@/lib/log";
import { getWechat } from "@/lib/wechat";
import { saveSmsSettings, smsSettingsFormSchema } from "@/lib/settings/sms";

export const testConnectionAction = defineAction({ role: "admin", input: z.object({}) }, async (_input, { user }) => {
  const result = await testWechatConnection(config().wechat);
  await audit(user.id, "settings.connection_test", null, { ok: result.ok, mode: result.mode, code: result.problem?.code ?? 0 });
  return result;
});

export const saveSmsSettingsAction = defineAction({ role: "admin", input: smsSettingsFormSchema }, async (input, { user }) => {
  // The save writes its own audit entry (who, and each changed field) in the same transaction.
  const changed = await saveSmsSettings(db(), input, user.id);
  revalidatePath("/settings");
  return { changed };
});

export const queueOverviewAction = defineAction({ role: "admin", input: z.object({}) }, async () => getQueueOverview(db()));

const queuedJobSchema = z.object({ name: z.string().min(1).max(100), id: z.string().uuid() });

export const cancelQueuedJobAction = defineAction({ role: "admin", input: queuedJobSchema }, async ({ name, id }, { user }) => {
  const cancelled = await cancelJob(db(), name, id);
  if (cancelled) await audit(user.id, "jobs.cancel", id, { name });
  return { changed: cancelled };
});

export const retryQueuedJobAction = defineAction({ role: "admin", input: queuedJobSchema }, async ({ name, id }, { user }) => {
  const retried = await retryJob(db(), name, id);
  if (retried) await audit(user.id, "jobs.retry", id, { name });
  return { changed: retried };
});

export const setSmsPriceAction = defineAction({ role: "admin", input: smsPriceInput }, async (input, { user }) => {
  await setSmsPrice(db(), input.priceCny, user.id);
  await audit(user.id, "settings.sms_price", "sms_price", { priceCny: input.priceCny });
  revalidatePath("/settings");
  return { priceCny: input.priceCny };
});

/** How long "Sync now" waits for one activity's sync; a longer one goes on here, and its row says it is running. */
const SYNC_NOW_WAIT_MS = 20_000;

/**
 * "Sync now": lifts a pause, then syncs one activity here and now (within the call limit, so the admin sees the
 * result), or puts every due activity on the job queue.
 */
export const syncNowAction = defineAction({ role: "admin", input: z.object({ activityId: z.string().trim().min(1).max(128).optional() }) }, async (input, { user }) => {
  const { stats } = config();
  await clearPause(db());
  let outcome: SyncOutcome | { status: "running" } | null = null;
  let queued = 0;
  if (input.activityId) outcome = await withinWait(syncActivity(db(), getWechat(), input.activityId, stats), SYNC_NOW_WAIT_MS);
  else for (const activityId of await dueActivities(db(), stats)) queued += (await enqueueStatsSync(activityId), 1);
  await audit(user.id, "settings.stats_sync_now", input.activityId ?? null, { queued, status: outcome?.status ?? null });
  revalidatePath("/settings");
  return { outcome, queued };
});

/** The sync's outcome, or "running" when it is not over within `ms` (it goes on; its lease shows it running). */
async function withinWait(sync: Promise<SyncOutcome>, ms: number): Promise<SyncOutcome | { status: "running" }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A sync that fails after the wait is logged, not left as an unhandled rejection.
  sync.catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, "statistics sync failed after sync now answered"));
  const waited = new Promise<{ status: "running" }>((resolve) => (timer = setTimeout(() => resolve({ status: "running" }), ms)));
  try {
    return await Promise.race([sync, waited]);
  } finally {
    clearTimeout(timer);
  }
}
