import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import type pg from "pg";
import type { Db } from "./index";
import * as schema from "./schema";

/** Drizzle on the transaction's own connection: plain reads and writes beside the hand-written SQL. */
export type ClientDb = NodePgDatabase<typeof schema>;

/**
 * One query builder per pooled connection, made on its first transaction: making one reads the whole schema's
 * relations again, which cost the sender about half a millisecond a batch when it was made for every transaction.
 */
const builders = new WeakMap<pg.PoolClient, ClientDb>();
function clientDb(client: pg.PoolClient): ClientDb {
  let tx = builders.get(client);
  if (!tx) builders.set(client, (tx = drizzle(client, { schema })));
  return tx;
}

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
    const result = await body(client, clientDb(client));
    await client.query("commit");
    healthy = true;
    return result;
  } finally {
    client.release(healthy ? undefined : true);
  }
}
