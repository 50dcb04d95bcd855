import type pg from "pg";
import type { Db } from "./index";

/**
 * Runs `body` in a transaction on one pooled connection (raw SQL, COPY, `set local`). On any failure the
 * connection is discarded rather than reused: the server rolls back what was never committed, even when a
 * COPY was cut off mid-stream.
 */
export async function inTransaction<T>(db: Db, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.$client.connect();
  let healthy = false;
  try {
    await client.query("begin");
    const result = await body(client);
    await client.query("commit");
    healthy = true;
    return result;
  } finally {
    client.release(healthy ? undefined : true);
  }
}
