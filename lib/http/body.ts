import { problem } from "@/lib/auth/route";
/**
 * Reads a request body up to `maxBytes`, refusing more before it is parsed: a declared Content-Length over the
 * limit is refused without reading, and a streamed body is cut off as soon as it passes the limit.
 */
export class BodyTooLarge extends Error {
  readonly code = "too_large";
  constructor(readonly maxBytes: number) {
    super(`The body may be at most ${maxBytes} bytes.`);
  }
}

export async function readLimitedBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new BodyTooLarge(maxBytes);
  const reader = req.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readLimitedText(req: Request, maxBytes: number): Promise<string> {
  return (await readLimitedBody(req, maxBytes)).toString("utf8");
}

/** The 413 answer every route gives, as the app's error codes (lib/errors.ts). */
export function bodyTooLargeResponse(e: BodyTooLarge): Response {
  return problem(413, "common.errors.tooLarge", { maxBytes: e.maxBytes });
}
