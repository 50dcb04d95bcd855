import { z } from "zod";

/**
 * The IDs that are UUIDs, declared once: rows made by PostgreSQL's gen_random_uuid() (users, audiences, send
 * tasks, source jobs). Activity and channel IDs
 * are not UUIDs: they live in lib/activities (`activityIdSchema`, `channelIdSchema`).
 */
export const uuidSchema = z.uuid();

/** For IDs read from a URL: anything that is not a UUID cannot name a row, so it is simply not found. */
export function isUuid(value: unknown): value is string {
  return uuidSchema.safeParse(value).success;
}
