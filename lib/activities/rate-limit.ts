import { lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { publicRateLimits } from "@/lib/db/schema";

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
  const [{ hits }] = await db
    .insert(publicRateLimits)
    .values({ bucket, windowStart: new Date(start), hits: 1 })
    .onConflictDoUpdate({ target: [publicRateLimits.bucket, publicRateLimits.windowStart], set: { hits: sql`${publicRateLimits.hits} + 1` } })
    .returning({ hits: publicRateLimits.hits });
  if (hits === 1) await db.delete(publicRateLimits).where(lt(publicRateLimits.windowStart, new Date(now.getTime() - 3600_000)));
  return { allowed: hits <= rule.limit, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)) };
}
