import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded";
import { createDb } from "./index";
import { applyMigrations } from "./migrate";

export interface ScratchDatabase {
  /** The database with every migration applied. */
  url: string;
  /** Another database of the same server (`postgres` to create or drop databases). */
  serverUrl(database: string): string;
  /** PostgreSQL's data directory (its `postmaster.pid` names the server process). */
  dataDir: string;
  /** Stops PostgreSQL and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL in a temporary folder with one migrated database, for the test run
 * (test/global-setup.ts) and the benchmarks (scripts/bench). Durable like production unless `fsync: false`,
 * which tests use because they never survive a crash anyway.
 */
export async function startScratchDatabase(opts: { purpose: string; database?: string; fsync?: boolean }): Promise<ScratchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hongyan-${opts.purpose}-`));
  // PostgreSQL runs as `postgres` when we are root, and must reach its folder.
  fs.chmodSync(dir, 0o755);
  const database = opts.database ?? "scratch";
  let cluster: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  try {
    cluster = await startEmbeddedPostgres(path.join(dir, "pg"), { fsync: opts.fsync });
    await ensureDatabase(cluster.url("postgres"), database);
    const migrating = createDb(cluster.url(database), 1);
    try {
      await applyMigrations(migrating);
    } finally {
      await migrating.$client.end();
    }
  } catch (e) {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const started = cluster;
  return {
    url: started.url(database),
    dataDir: path.join(dir, "pg"),
    serverUrl: (name) => started.url(name),
    async stop() {
      await started.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
