import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import type pg from "pg";
import type { Db } from "./index";
import * as schema from "./schema";

/** Drizzle on the transaction's own connection: plain reads and writes beside the hand-written SQL. */
export type ClientDb = NodePgDatabase<typeof schema>;

/**
 * Runs `body` in a transaction on one pooled connection (raw SQL, COPY, `set local`), with `tx`, the query builder
 * on that same connection, for the plain statements. On any failure the connection is discarded rather than
 * reused: the server rolls back what was never committed, even when a COPY was cut off mid-stream.
 */
export async function inTransaction<T>(db: Db, body: (client: pg.PoolClient, tx: ClientDb) => Promise<T>): Promise<T> {
  const client = await db.$client.connect();
  let healthy = false;
  try {
    await client.query("begin");
    const result = await body(client, drizzle(client, { schema }));
    await client.query("commit");
    healthy = true;
    return result;
  } finally {
    client.release(healthy ? undefined : true);
  }
}
