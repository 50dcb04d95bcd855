import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { emuSettings } from "@/lib/db/schema";

/** Injected faults (emulator mode only), changed over HTTP at POST /emulator/_control/faults. */
export const faultsSchema = z
  .object({
    /** Share of API calls answered errcode -1 (system busy) without doing anything. */
    busyRate: z.number().min(0).max(1).default(0),
    /** Share of API calls answered errcode 45011 (this minute's rate limit) without doing anything. */
    rateLimitRate: z.number().min(0).max(1).default(0),
    /** Added to every API answer. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Tokens issued from now on really expire after this many seconds, while still announcing expires_in 7200. */
    tokenTtlSeconds: z.number().int().min(1).max(7200).nullable().default(null),
    /** Share of API calls whose connection is dropped after the work is done, before any answer is sent. */
    dropRate: z.number().min(0).max(1).default(0),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;
export const NO_FAULTS: Faults = faultsSchema.parse({});

export const simulationSchema = z
  .object({
    enabled: z.boolean(),
    /** Share of a Marketing SMS's numbers that open the landing page. */
    openRate: z.number().min(0).max(1),
    /** Share of those H5 visitors who then open the mini program. */
    jumpRate: z.number().min(0).max(1),
    /** Share of numbers sendSms answers with a failure code. */
    failureRate: z.number().min(0).max(1),
    /** Mean delay between the SMS and the H5 open; tests set it low to see recipients arrive within seconds. */
    openDelayMinutes: z.number().min(0.01).max(240),
  })
  .strict();

export type Simulation = z.infer<typeof simulationSchema>;

export interface EmulatorSettings {
  simulation: Simulation;
  faults: Faults;
}

function rateFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${name} must be a number between 0 and 1, got "${raw}"`);
  return n;
}

function delayFromEnv(): number {
  const raw = process.env.EMULATOR_OPEN_DELAY_MINUTES;
  if (raw === undefined || raw === "") return 12;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0.01 || n > 240) throw new Error(`EMULATOR_OPEN_DELAY_MINUTES must be a number of minutes between 0.01 and 240, got "${raw}"`);
  return n;
}

/** Defaults from the environment (lib/emulator/README.md); the settings row overrides each one it sets. */
export function simulationDefaults(): Simulation {
  const sim = (process.env.EMULATOR_SIMULATE ?? "on").toLowerCase();
  return {
    enabled: !["off", "0", "false", "no"].includes(sim),
    openRate: rateFromEnv("EMULATOR_OPEN_RATE", 0.3),
    jumpRate: rateFromEnv("EMULATOR_JUMP_RATE", 0.4),
    failureRate: rateFromEnv("EMULATOR_FAILURE_RATE", 0.02),
    openDelayMinutes: delayFromEnv(),
  };
}

const CACHE_MS = 1000;

/**
 * Reads the settings row at most once a second: the report endpoint is hot. A change made through this
 * process's control endpoint is seen at once; one made by another process within a second.
 */
export class SettingsStore {
  private cached: { value: EmulatorSettings; at: number } | undefined;

  constructor(private readonly db: Db) {}

  async get(): Promise<EmulatorSettings> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.value;
    const [row] = await this.db.select().from(emuSettings).where(sql`${emuSettings.id} = 1`);
    const defaults = simulationDefaults();
    const parsedFaults = faultsSchema.safeParse(row?.faults ?? {});
    const value: EmulatorSettings = {
      simulation: {
        enabled: row?.simulate ?? defaults.enabled,
        openRate: row?.openRate ?? defaults.openRate,
        jumpRate: row?.jumpRate ?? defaults.jumpRate,
        failureRate: row?.failureRate ?? defaults.failureRate,
        openDelayMinutes: row?.openDelayMinutes ?? defaults.openDelayMinutes,
      },
      faults: parsedFaults.success ? parsedFaults.data : NO_FAULTS,
    };
    this.cached = { value, at: now };
    return value;
  }

  async setFaults(faults: Faults): Promise<void> {
    await this.db
      .insert(emuSettings)
      .values({ id: 1, faults })
      .onConflictDoUpdate({ target: emuSettings.id, set: { faults, updatedAt: new Date() } });
    this.cached = undefined;
  }

  async setSimulation(s: Partial<Simulation>): Promise<void> {
    const values = {
      ...(s.enabled !== undefined && { simulate: s.enabled }),
      ...(s.openRate !== undefined && { openRate: s.openRate }),
      ...(s.jumpRate !== undefined && { jumpRate: s.jumpRate }),
      ...(s.failureRate !== undefined && { failureRate: s.failureRate }),
      ...(s.openDelayMinutes !== undefined && { openDelayMinutes: s.openDelayMinutes }),
    };
    await this.db
      .insert(emuSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: emuSettings.id, set: { ...values, updatedAt: new Date() } });
    this.cached = undefined;
  }

  /** Back to the environment's defaults. */
  async resetSimulation(): Promise<void> {
    await this.db
      .update(emuSettings)
      .set({ simulate: null, openRate: null, jumpRate: null, failureRate: null, openDelayMinutes: null, updatedAt: new Date() })
      .where(sql`${emuSettings.id} = 1`);
    this.cached = undefined;
  }
}
