import { z } from "zod";
import { persistentSecret } from "./data-dir";

/**
 * The configuration contract (ARCHITECTURE.md): every variable, with its default.
 * Parsed once; everything else reads the typed result.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  ADMIN_EMAIL: z.string().email().default("admin@example.com"),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  WECHAT_APPID: z.string().min(1).optional(),
  WECHAT_SECRET: z.string().min(1).optional(),
  WECHAT_ENV_ID: z.string().min(1).optional(),
  WECHAT_API_BASE: z.string().url().optional(),
  WECHAT_ACCESS_TOKEN: z.string().min(1).optional(),
  WECHAT_TOKEN_SERVICE_URL: z.string().url().optional(),
  EMULATOR_APPID: z.string().min(1).default("wxemulator0000000"),
  EMULATOR_SECRET: z.string().min(1).optional(),
  PUBLIC_URL: z.string().url().optional(),
  LANDING_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().url())),
  STATS_BACKFILL_DAYS: z.coerce.number().int().min(1).max(366).default(90),
  STATS_SYNC_MINUTES: z.coerce.number().min(1).max(1440).default(10),
  STATS_CALLS_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
  STATS_SETTLE_HOURS: z.coerce.number().min(0).max(48).default(6),
  /** Tests only, never in the UI: every A/B test waits this many seconds before its pick instead of its 1–72 hours. */
  ABTEST_MIN_WAIT_SECONDS: z.coerce.number().int().min(1).max(72 * 3600).optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  QUEUE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
});

export type WechatMode = "live" | "emulator";

export interface AppConfig {
  port: number;
  databaseUrl: string | undefined;
  authSecret: string;
  adminEmail: string;
  adminPassword: string | undefined;
  /** The URL the app is reached at; links in SMS and QR codes start with it. */
  publicUrl: string;
  /** Origins (besides PUBLIC_URL's) whose pages may call the public landing endpoint: the CloudBase static website. */
  landingOrigins: string[];
  /** Reverse proxies in front that append to X-Forwarded-For; 0: the socket's address is the client's (lib/http). */
  trustProxyHops: number;
  wechat: {
    mode: WechatMode;
    appId: string;
    /** Server-side only: never send to the browser or write to a log. */
    secret: string;
    envId: string;
    apiBase: string;
    fixedAccessToken: string | undefined;
    tokenServiceUrl: string | undefined;
  };
  emulator: { appId: string; secret: string };
  /** The statistics store's sync (lib/history). */
  stats: {
    /** Days fetched back for an activity seen for the first time. */
    backfillDays: number;
    /** How often open activities are refreshed. */
    syncMinutes: number;
    /** The most getStatistics calls a second, all workers together. */
    callsPerSecond: number;
    /** A China day is final once fetched this many hours after its midnight end (WeChat computes days late). */
    settleHours: number;
  };
  /** A/B tests: set by tests only (ABTEST_MIN_WAIT_SECONDS), the wait before every pick in seconds. */
  abTestWaitSeconds: number | undefined;
  /** The job queue (lib/jobs). */
  queue: {
    /** How often each worker says it is alive; one silent for 6 of these is taken for dead and its running jobs retried. */
    heartbeatSeconds: number;
  };
}

let cached: AppConfig | undefined;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  if (Boolean(e.WECHAT_APPID) !== Boolean(e.WECHAT_SECRET) && !e.WECHAT_ACCESS_TOKEN && !e.WECHAT_TOKEN_SERVICE_URL) {
    throw new ConfigError("Invalid configuration: WECHAT_APPID and WECHAT_SECRET must be set together (live mode) or both left unset (emulator mode).");
  }
  const live = Boolean(e.WECHAT_APPID);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  const emulatorSecret = e.EMULATOR_SECRET ?? persistentSecret("emulator-secret", () => cryptoHex(16));
  const emulatorAppId = e.EMULATOR_APPID;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    authSecret: e.AUTH_SECRET ?? persistentSecret("auth-secret"),
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    publicUrl,
    landingOrigins: e.LANDING_ORIGINS.map((o) => new URL(o).origin),
    trustProxyHops: e.TRUST_PROXY_HOPS,
    wechat: live
      ? {
          mode: "live",
          appId: e.WECHAT_APPID!,
          secret: e.WECHAT_SECRET ?? "",
          envId: e.WECHAT_ENV_ID ?? "",
          apiBase: (e.WECHAT_API_BASE ?? "https://api.weixin.qq.com").replace(/\/$/, ""),
          fixedAccessToken: e.WECHAT_ACCESS_TOKEN,
          tokenServiceUrl: e.WECHAT_TOKEN_SERVICE_URL,
        }
      : {
          mode: "emulator",
          appId: emulatorAppId,
          secret: emulatorSecret,
          envId: e.WECHAT_ENV_ID ?? "emulator-env",
          // The app talks to its own emulator over loopback HTTP, exactly as it would to WeChat.
          apiBase: (e.WECHAT_API_BASE ?? `http://127.0.0.1:${e.PORT}/emulator`).replace(/\/$/, ""),
          fixedAccessToken: e.WECHAT_ACCESS_TOKEN,
          tokenServiceUrl: e.WECHAT_TOKEN_SERVICE_URL,
        },
    emulator: { appId: emulatorAppId, secret: emulatorSecret },
    stats: { backfillDays: e.STATS_BACKFILL_DAYS, syncMinutes: e.STATS_SYNC_MINUTES, callsPerSecond: e.STATS_CALLS_PER_SECOND, settleHours: e.STATS_SETTLE_HOURS },
    abTestWaitSeconds: e.ABTEST_MIN_WAIT_SECONDS,
    queue: { heartbeatSeconds: e.QUEUE_HEARTBEAT_SECONDS },
  };
}

function cryptoHex(bytes: number): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfigForTests(): void {
  cached = undefined;
}
