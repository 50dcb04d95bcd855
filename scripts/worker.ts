/**
 * `npm run worker`: a worker on its own (any number of them, on any machine that reaches the database and
 * WeChat). It works the send ledger and the job queue (lib/jobs: audience sources and the other queued
 * jobs). Runs until SIGINT/SIGTERM, then finishes the batches it has in flight and hands its running jobs
 * back to the queue.
 *
 * Uses DATABASE_URL; without it, the embedded PostgreSQL that `npm start` runs from the same data folder
 * (HONGYAN_DATA_DIR), whose port and generated password start writes there. WeChat credentials come from the
 * configuration contract (lib/config).
 * Tuning, rarely needed: SENDER_CONCURRENCY (batches in flight; default the SMS setting, 2),
 * SENDER_LEASE_MS (default 120000), SENDER_POLL_MS (1000), SENDER_RETRY_BASE_MS (5000),
 * SENDER_TIMEOUT_MS (sendSms timeout, 30000; keep it well under the lease).
 */
import { ConfigError, config } from "@/lib/config";
import { dataDir } from "@/lib/data-dir";
import { createDb } from "@/lib/db";
import { embeddedDatabaseUrl } from "@/lib/db/embedded";
import { runWorker } from "@/lib/campaigns/worker";
import { smsApiFromWechat } from "@/lib/campaigns/wechat-sms-api";
import { createWechatClient, getWechat, wechatClientOptions } from "@/lib/wechat";
import { startJobWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/log";

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name} must be a positive number (got "${raw}")`);
  return n;
}

async function main() {
  const cfg = config();
  const databaseUrl = cfg.databaseUrl ?? embeddedDatabaseUrl(dataDir());
  if (!databaseUrl) {
    throw new ConfigError(`DATABASE_URL is not set and no embedded PostgreSQL is running from ${dataDir()}: start the app with \`npm start\` first, or set DATABASE_URL.`);
  }
  // Code that reaches the process-wide pool (lib/db) finds the same database.
  process.env.DATABASE_URL = databaseUrl;
  const concurrency = numberFromEnv("SENDER_CONCURRENCY");
  // The sender needs a connection to claim, one per answer being written (up to twice the batches in flight)
  // and one for housekeeping; the job queue shares the pool. Too few, and answers queue for a connection and
  // hold the sending back.
  const database = createDb(databaseUrl, 2 * (concurrency ?? 2) + 6);
  const w = cfg.wechat;
  const api = smsApiFromWechat(createWechatClient({ ...wechatClientOptions(w), timeoutMs: numberFromEnv("SENDER_TIMEOUT_MS") ?? 30_000 }));
  const ac = new AbortController();
  const stop = (sig: string) => {
    if (ac.signal.aborted) return;
    log.info({ signal: sig }, "worker: stopping after the batches in flight");
    ac.abort();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  log.info({ mode: w.mode, apiBase: w.apiBase }, "worker: starting");
  const sending = runWorker({
    signal: ac.signal,
    database,
    api,
    concurrency,
    leaseMs: numberFromEnv("SENDER_LEASE_MS"),
    pollMs: numberFromEnv("SENDER_POLL_MS"),
    retryBaseMs: numberFromEnv("SENDER_RETRY_BASE_MS"),
  });
  // The queue starts beside the sender, which never waits for it.
  const jobs = await startJobWorker({ db: database, wechat: getWechat() });
  await new Promise<void>((resolve) => (ac.signal.aborted ? resolve() : ac.signal.addEventListener("abort", () => resolve(), { once: true })));
  await Promise.all([sending, jobs.stop()]);
  // A job handler that did not stop when aborted has been handed back to the queue by now; it must not keep this
  // process alive (its timers) nor hold the pool open (a connection it waits on), or whoever stops the app waits on it.
  await Promise.race([database.$client.end(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  process.exit(0);
}

main().catch((e) => {
  if (e instanceof ConfigError) console.error(e.message);
  else console.error("[worker] failed:", e instanceof Error ? e.message : e);
  process.exit(1);
});
