import { activityIdSchema, IMAGE_MAX_BYTES, setActivityImage } from "@/lib/activities";
import { audit } from "@/lib/auth/audit";
import { problem, withRoute } from "@/lib/auth/route";
import { db } from "@/lib/db";
import { BodyTooLarge, readLimitedBody } from "@/lib/http";

/**
 * POST the image's bytes (the body is the file): checked by size and by content (PNG, JPEG, GIF, WebP), then
 * stored in PostgreSQL as the activity's landing image. A route rather than a server action: actions cap bodies at 1 MB.
 */
export const runtime = "nodejs";

export const POST = withRoute<{ id: string }>({ role: "marketer" }, async (req, { user, params }) => {
  if (!activityIdSchema.safeParse(params.id).success) return problem(404, "activities.errors.notFound");
  const bytes = await readLimitedBody(req, IMAGE_MAX_BYTES).catch((e: unknown) => {
    if (e instanceof BodyTooLarge) return undefined;
    throw e;
  });
  if (!bytes) return problem(413, "activities.errors.imageTooLarge");
  const result = await setActivityImage(db(), params.id, bytes);
  if (!result.ok) {
    const map = {
      empty: [400, "activities.errors.imageEmpty"],
      too_large: [413, "activities.errors.imageTooLarge"],
      unsupported_type: [415, "activities.errors.imageType"],
      not_found: [404, "activities.errors.notFound"],
    } as const;
    const [status, code] = map[result.problem];
    return problem(status, code);
  }
  await audit(user.id, "activity.image.set", params.id, { size: bytes.length });
  return Response.json({ imageId: result.imageId });
});
