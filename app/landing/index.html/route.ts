import { activityIdSchema, SMS_CHANNEL } from "@/lib/activities";

/**
 * `/landing/index.html?activityId=…&source=…`: the SMS path (`smsPath`) answered by the app itself, for when the
 * app plays the static website (emulator mode, or a deployment without the exported bundle): on to /h5/<id>.
 */
export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  const url = new URL(req.url);
  const id = url.searchParams.get("activityId") ?? url.searchParams.get("_activityId_") ?? "";
  const source = url.searchParams.get("source") ?? url.searchParams.get("_source_") ?? SMS_CHANNEL;
  if (!activityIdSchema.safeParse(id).success) return new Response("Unknown activity", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const to = `/h5/${encodeURIComponent(id)}?source=${encodeURIComponent(source.slice(0, 16))}`;
  return new Response(null, { status: 302, headers: { location: to } });
}
