import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { BodyTooLarge, bodyTooLargeResponse, readLimitedBody } from "@/lib/http";

/** A sign-in form is an email, a password and a CSRF token: a few hundred bytes. */
const MAX_BODY_BYTES = 16 * 1024;

async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  let request = req;
  if (req.method === "POST") {
    try {
      const body = await readLimitedBody(req, MAX_BODY_BYTES);
      request = new NextRequest(req.url, { method: req.method, headers: req.headers, body: new Uint8Array(body) });
    } catch (e) {
      if (e instanceof BodyTooLarge) return bodyTooLargeResponse(e);
      throw e;
    }
  }
  return NextAuth(request as never, { params: await ctx.params } as never, authOptions());
}

export { handler as GET, handler as POST };
