import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window ends (for Retry-After) when refused. */
  retryAfterSeconds: number;
}

/**
 * Counts one request in `bucket`'s current fixed window and says whether it is within the limit. The counter
 * lives in PostgreSQL so every app instance enforces the same limit; a new window sweeps windows over an hour old.
 */
export async function hitRateLimit(db: Db, bucket: string, rule: RateLimit, now = new Date()): Promise<RateDecision> {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const r = await db.execute<{ hits: number }>(sql`
    insert into public_rate_limits (bucket, window_start, hits)
    values (${bucket}, ${new Date(start).toISOString()}::timestamptz, 1)
    on conflict (bucket, window_start) do update set hits = public_rate_limits.hits + 1
    returning hits`);
  const hits = Number(r.rows[0].hits);
  if (hits === 1) {
    await db.execute(sql`delete from public_rate_limits where window_start < ${new Date(now.getTime() - 3600_000).toISOString()}::timestamptz`);
  }
  return { allowed: hits <= rule.limit, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)) };
}
