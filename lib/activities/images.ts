import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { activities, activityImages } from "@/lib/db/schema";

export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/**
 * The image's type from its first bytes, never from the name or the browser's claim. SVG is not accepted:
 * it can carry script.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return "image/gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return undefined;
}

export type ImageProblem = "empty" | "too_large" | "unsupported_type";

export function checkImage(bytes: Uint8Array): { ok: true; type: ImageType } | { ok: false; problem: ImageProblem } {
  if (bytes.length === 0) return { ok: false, problem: "empty" };
  if (bytes.length > IMAGE_MAX_BYTES) return { ok: false, problem: "too_large" };
  const type = sniffImageType(bytes);
  return type ? { ok: true, type } : { ok: false, problem: "unsupported_type" };
}

/** Stores the image and makes it the activity's landing image, removing the previous one. */
export async function setActivityImage(db: Db, activityId: string, bytes: Uint8Array): Promise<{ ok: true; imageId: string } | { ok: false; problem: ImageProblem | "not_found" }> {
  const checked = checkImage(bytes);
  if (!checked.ok) return checked;
  return db.transaction(async (tx) => {
    const current = await tx.select({ imageId: activities.imageId }).from(activities).where(eq(activities.id, activityId)).for("update");
    if (current.length === 0) return { ok: false as const, problem: "not_found" as const };
    const [row] = await tx
      .insert(activityImages)
      .values({ activityId, contentType: checked.type, size: bytes.length, bytes: Buffer.from(bytes) })
      .returning({ id: activityImages.id });
    await tx.update(activities).set({ imageId: row.id, updatedAt: new Date() }).where(eq(activities.id, activityId));
    if (current[0].imageId) await tx.delete(activityImages).where(eq(activityImages.id, current[0].imageId));
    return { ok: true as const, imageId: row.id };
  });
}

export async function removeActivityImage(db: Db, activityId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await tx.select({ imageId: activities.imageId }).from(activities).where(eq(activities.id, activityId)).for("update");
    if (!current[0]?.imageId) return;
    await tx.update(activities).set({ imageId: null, updatedAt: new Date() }).where(eq(activities.id, activityId));
    await tx.delete(activityImages).where(eq(activityImages.id, current[0].imageId));
  });
}

export async function getActivityImage(db: Db, imageId: string): Promise<{ contentType: string; bytes: Buffer } | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(imageId)) return undefined;
  const rows = await db
    .select({ contentType: activityImages.contentType, bytes: activityImages.bytes })
    .from(activityImages)
    .where(eq(activityImages.id, imageId))
    .limit(1);
  return rows[0];
}

/** The public URL path of an image, for the landing page (served by the public endpoint). */
export function imagePath(imageId: string): string {
  return `/api/h5/image/${imageId}`;
}
