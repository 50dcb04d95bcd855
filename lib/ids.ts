import { z } from "zod";

/**
 * The IDs that are UUIDs, declared once: rows made by PostgreSQL's gen_random_uuid() (users, audiences, send
 * tasks, source jobs) and the landing page's visitor sessions (crypto.randomUUID()). Activity and channel IDs
 * are not UUIDs: they live in lib/activities (`activityIdSchema`, `channelIdSchema`).
 */
export const uuidSchema = z.uuid();

/** For IDs read from a URL: anything that is not a UUID cannot name a row, so it is simply not found. */
export function isUuid(value: unknown): value is string {
  return uuidSchema.safeParse(value).success;
}

/** A visitor session as the browser makes it: lowercase, so one session is never counted twice. */
export const SESSION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
