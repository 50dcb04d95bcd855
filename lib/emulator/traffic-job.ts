import { config } from "@/lib/config";
import { defineJob } from "@/lib/jobs/types";
import { SettingsStore } from "./settings";
import { simulateDemoTraffic } from "./traffic";

/**
 * Emulator mode: every minute, the next minute of simulated landing-page visits and mini-program opens to the
 * open demo activities, so a first run's real-time page moves. Off with EMULATOR_SIMULATE=off (or the
 * emulator's simulation setting); never scheduled in live mode.
 */
export const emulatorTrafficJob = defineJob({
  name: "emulator-traffic",
  cron: { schedule: "* * * * *", data: {}, enabled: (cfg) => cfg.wechat.mode === "emulator" },
  retry: { limit: 0, delaySeconds: 10, backoff: false },
  expireInSeconds: 120,
  async handler(_data: object, ctx) {
    const cfg = config();
    if (cfg.wechat.mode !== "emulator") return { scheduled: 0, reason: "live mode" };
    if (!(await new SettingsStore(ctx.db).get()).simulation.enabled) return { scheduled: 0, reason: "simulation off" };
    const scheduled = await simulateDemoTraffic(ctx.db, { now: new Date(), envId: cfg.wechat.envId, appId: cfg.emulator.appId });
    return { scheduled };
  },
});
