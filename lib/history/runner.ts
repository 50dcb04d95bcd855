import type { AppConfig } from "@/lib/config";
import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import type { WechatClient } from "@/lib/wechat";
import { dueActivities } from "./status";
import { syncActivity } from "./sync";

/**
 * Visits the activities due for a sync (never synced: backfill; open ones: every STATS_SYNC_MINUTES) until
 * `signal` aborts. Any number of workers may run it: the lease keeps one sync per activity, the shared limiter
 * keeps the calls under STATS_CALLS_PER_SECOND.
 */
export async function runStatsSync(o: { db: Db; wechat: WechatClient; stats: AppConfig["stats"]; signal: AbortSignal; pollMs?: number }): Promise<void> {
  const pollMs = o.pollMs ?? 15_000;
  while (!o.signal.aborted) {
    try {
      for (const activityId of await dueActivities(o.db, o.stats)) {
        if (o.signal.aborted) break;
        const outcome = await syncActivity(o.db, o.wechat, activityId, { ...o.stats, signal: o.signal });
        if (outcome.status !== "busy") log.info({ activityId, ...outcome }, "statistics sync");
        if (outcome.status === "paused") break;
      }
    } catch (e) {
      if (o.signal.aborted) break;
      log.error({ err: e instanceof Error ? { name: e.name, message: e.message } : String(e) }, "statistics sync loop failed");
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        o.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      o.signal.addEventListener("abort", done, { once: true });
    });
  }
}
