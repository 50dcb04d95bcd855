import QRCode from "qrcode";
import { channelIdSchema, getActivity, hasChannel, landingUrl, SMS_CHANNEL } from "@/lib/activities";
import { problem, withRoute } from "@/lib/auth/route";
import { db } from "@/lib/db";

/** GET ?channel=<id>[&download=1]: the channel link's QR code as a PNG (download=1: as a file named after it). */
export const runtime = "nodejs";

export const GET = withRoute<{ id: string }>({ role: "analyst" }, async (req, { params }) => {
  const url = new URL(req.url);
  const channel = channelIdSchema.safeParse(url.searchParams.get("channel") ?? SMS_CHANNEL);
  const activity = await getActivity(db(), params.id);
  if (!activity || !channel.success || !(await hasChannel(db(), activity.id, channel.data))) return problem(404, "activities.errors.noChannel");
  const png = await QRCode.toBuffer(landingUrl(activity, channel.data), { type: "png", width: 512, margin: 2, errorCorrectionLevel: "M" });
  const headers: Record<string, string> = { "content-type": "image/png", "cache-control": "private, max-age=300" };
  if (url.searchParams.get("download")) headers["content-disposition"] = `attachment; filename="qr-${activity.id}-${channel.data}.png"`;
  return new Response(new Uint8Array(png), { headers });
});
