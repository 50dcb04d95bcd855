/**
 * `npm start`: everything a newcomer needs, in one process tree.
 * Starts the embedded PostgreSQL when DATABASE_URL is unset, applies migrations, creates the first
 * admin, builds the app if the sources changed, and serves it on PORT. Ctrl-C stops it all cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, loadConfig } from "@/lib/config";
import { dataDir } from "@/lib/data-dir";
import { createDb } from "@/lib/db";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedCluster } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { installJobQueue } from "@/lib/jobs/boss";
import { jobRegistry } from "@/lib/jobs/registry";
import { countActivities } from "@/lib/activities";
import { seedDemoActivities } from "@/lib/activities/demo";
import { ensureFirstAdmin } from "@/lib/auth/users";
import { DEMO_PRICE_CNY, seedDemoLedger } from "@/lib/campaigns/demo";
import { seedEmulatorDemo } from "@/lib/emulator/demo";
import { listSmsPrices, setSmsPrice } from "@/lib/history/cost";
import { demoUsers } from "@/lib/emulator/opendata";
import { createAudienceFromPhones } from "@/lib/audiences";
import { seedDemoAbTest } from "@/lib/abtests/demo";
import { getSmsSettings } from "@/lib/settings/sms";
import { saveDemoCloudIds } from "@/lib/audiences/sources/demo";
import { buildIfNeeded } from "./build-if-needed";

const dev = process.argv.includes("--dev");
const say = (m: string) => console.log(`[hongyan] ${m}`);

/**
 * The web server and worker of a start that was killed with SIGKILL outlive it (a kill reaches one
 * process only) and keep the port. Their pids are kept in the data folder, so the next start ends them.
 */
const childrenFile = () => path.join(dataDir(), "children.json");

async function stopLeftoverChildren(): Promise<void> {
  let pids: number[] = [];
  try {
    pids = JSON.parse(fs.readFileSync(childrenFile(), "utf8")) as number[];
  } catch {
    return;
  }
  const ours = (pid: number) => {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return cmd.includes("next") || cmd.includes("worker.ts");
    } catch {
      return false;
    }
  };
  const alive = pids.filter(ours);
  if (alive.length === 0) return;
  say(`Stopping ${alive.length} process(es) left running by an earlier start…`);
  for (const pid of alive) process.kill(pid, "SIGTERM");
  for (let i = 0; i < 100 && alive.some(ours); i++) await new Promise((r) => setTimeout(r, 100));
  for (const pid of alive.filter(ours)) process.kill(pid, "SIGKILL");
}

async function main() {
  const cfg = loadConfig();
  await stopLeftoverChildren();
  let cluster: EmbeddedCluster | undefined;
  let databaseUrl = cfg.databaseUrl;
  if (!databaseUrl) {
    const dir = path.join(dataDir(), "postgres");
    say(`Starting the embedded PostgreSQL (data in ${path.relative(process.cwd(), dir) || dir})…`);
    cluster = await startEmbeddedPostgres(dir, { log: say });
    await ensureDatabase(cluster.url("postgres"), "hongyan");
    databaseUrl = cluster.url("hongyan");
  }

  const children: { name: string; child: ChildProcess }[] = [];
  let stopping = false;
  const stopChild = (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    return exited;
  };
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("Stopping…");
    // The worker first: it finishes the batches it has in flight and hands its running jobs back to the queue
    // while the web server (and, in emulator mode, the emulator those calls go to) still answers. Then the web
    // server, and PostgreSQL last, once nothing uses it.
    for (const { child } of children.filter((c) => c.name === "worker")) await stopChild(child);
    await Promise.all(children.map(({ child }) => stopChild(child)));
    await cluster?.stop();
    process.exit(code);
  };
  const supervise = (name: string, child: ChildProcess) => {
    children.push({ name, child });
    fs.writeFileSync(childrenFile(), JSON.stringify(children.map((c) => c.child.pid)));
    child.once("exit", (code, signal) => {
      if (!stopping) {
        say(`The ${name} exited (${code ?? signal}); stopping the rest.`);
        void stop(code ?? 1);
      }
    });
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGHUP", () => void stop(0));

  const database = createDb(databaseUrl, 2);
  try {
    await applyMigrations(database);
    // The job queue's own tables and queues, so the web process can enqueue before any worker has started.
    await installJobQueue(database, jobRegistry);
    const admin = await ensureFirstAdmin(database, cfg.adminEmail, cfg.adminPassword);
    if (admin.created) {
      say(`Created the first admin: ${admin.email}`);
      if (admin.generatedPassword) say(`Their password (shown only this once): ${admin.generatedPassword}`);
    }
    // A newcomer in emulator mode gets something to look at: the emulator's five weeks of history and the matching
    // activities. Only into an empty app, so it never mixes with real work.
    if (cfg.wechat.mode === "emulator" && (await countActivities(database)) === 0) {
      say("Seeding the demo data (emulator mode, no activities yet)…");
      const now = new Date();
      const emulator = await seedEmulatorDemo(database, { now, envId: cfg.wechat.envId, appId: cfg.emulator.appId });
      const app = await seedDemoActivities(database, { now });
      // The sends behind the demo's figures go into the ledger, with a price, so demo activities have a cost.
      await seedDemoLedger(database, emulator.sends);
      if ((await listSmsPrices(database)).length === 0) await setSmsPrice(database, DEMO_PRICE_CNY, null, new Date(0));
      // An audience ready to send to, so a first campaign is a few clicks away (the emulator's demo users).
      const audience = await createAudienceFromPhones(database, {
        name: "演示人群 Demo audience",
        createdBy: null,
        phones: demoUsers(0, 500).map((u) => u.phoneNumber),
      });
      // A live A/B test of two texts the simulated recipients answer differently: a winner shows within the hour.
      const abTest = await seedDemoAbTest(database, await getSmsSettings(database));
      say(
        `Demo data: ${app.created} activities, ${emulator.numbers} SMS numbers in the emulator's history, ` +
          `an audience of ${audience.members} numbers, an A/B test of ${abTest.variants.length} texts (${abTest.eligible} numbers).`,
      );
    }
    // Every start, so a database seeded before they were kept gets them too.
    if (cfg.wechat.mode === "emulator") await saveDemoCloudIds(database, demoUsers(0, 20).map((u) => u.cloudId));
  } finally {
    await database.$client.end();
  }

  if (!dev) buildIfNeeded(say);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: cfg.authSecret,
    NEXTAUTH_SECRET: cfg.authSecret,
    NEXT_TELEMETRY_DISABLED: "1",
    HONGYAN_DATA_DIR: dataDir(),
  };
  // Sign-in callbacks use the public URL when one is configured, the request's host otherwise.
  if (process.env.PUBLIC_URL) env.NEXTAUTH_URL = cfg.publicUrl;
  else env.AUTH_TRUST_HOST = "1";

  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  supervise("web server", spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", String(cfg.port)], { stdio: ["ignore", "inherit", "inherit"], env }));
  // One worker (send ledger and job queue) rides along; more can run anywhere with `npm run worker`.
  // HONGYAN_WORKER=off leaves it out.
  if (process.env.HONGYAN_WORKER !== "off") {
    // One process (tsx as a loader, not its CLI): the CLI SIGKILLs its child when it does not confirm a signal
    // within 30 ms, which cut the worker off mid-job instead of letting it hand its work back.
    supervise("worker", spawn(process.execPath, ["--import", "tsx", path.join("scripts", "worker.ts")], { stdio: ["ignore", "inherit", "inherit"], env }));
  }
  say(`Hongyan is running at ${cfg.publicUrl} (${cfg.wechat.mode} mode)`);
}

main().catch((e) => {
  if (e instanceof ConfigError) console.error(e.message);
  else console.error("[hongyan] Start failed:", e instanceof Error ? e.message : e);
  process.exit(1);
});
