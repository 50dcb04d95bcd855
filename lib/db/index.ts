import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "./schema";

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export function createDb(url: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  return drizzle(pool, { schema }) as Db;
}

const globalForDb = globalThis as unknown as { hongyanDb?: Db };

/** The process-wide connection pool to DATABASE_URL (set by `npm start` when it runs the embedded cluster). */
export function db(): Db {
  if (!globalForDb.hongyanDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides one.");
    globalForDb.hongyanDb = createDb(url);
  }
  return globalForDb.hongyanDb;
}

export { schema };
