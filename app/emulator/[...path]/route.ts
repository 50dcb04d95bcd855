import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { createEmulatorHandler, type EmulatorHandler } from "@/lib/emulator";

/**
 * The local CloudBase emulator, mounted at /emulator/* in emulator mode only (404 in live mode).
 * Not behind sign-in: like WeChat, it is an API peer that checks its own access tokens.
 */
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

let handler: EmulatorHandler | undefined;

async function handle(req: Request): Promise<Response> {
  const c = config();
  if (c.wechat.mode === "live") return new Response("Not found", { status: 404 });
  handler ??= createEmulatorHandler({
    db: db(),
    appId: c.emulator.appId,
    secret: c.emulator.secret,
    envId: c.wechat.envId,
    basePath: "/emulator",
  });
  return handler(req);
}

export { handle as GET, handle as POST, handle as PUT, handle as PATCH, handle as DELETE, handle as HEAD, handle as OPTIONS };
