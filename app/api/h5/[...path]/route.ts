import { createPublicEndpoint } from "@/lib/activities/public";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { getWechat } from "@/lib/wechat";

/**
 * The public landing endpoint (lib/activities/public.ts): the landing page and the static bundle report visits
 * and open the mini program through it. Not behind sign-in; it checks its own input, limits and origins.
 */
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

let handler: ((req: Request) => Promise<Response>) | undefined;

async function handle(req: Request): Promise<Response> {
  const c = config();
  handler ??= createPublicEndpoint({
    db: db(),
    wechat: getWechat(),
    mode: c.wechat.mode,
    envId: c.wechat.envId,
    publicUrl: c.publicUrl,
    allowedOrigins: c.landingOrigins,
    basePath: "/api/h5",
    trustProxyHops: c.trustProxyHops,
    sessionSecret: c.authSecret,
  });
  return handler(req);
}

export { handle as GET, handle as POST, handle as OPTIONS, handle as PUT, handle as DELETE, handle as PATCH };
