import type { z } from "zod";
import { withRoute } from "@/lib/auth/route";
import type { AnalyticsProblem } from "@/lib/analytics/schemas";
import { log } from "@/lib/log";
import { isWechatError } from "@/lib/wechat";

function problem(status: number, body: AnalyticsProblem): Response {
  return Response.json({ error: body }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * A GET handler for analysts and up: the query string parsed with `schema`, the answer as JSON. WeChat's errors
 * come back with their kind and message key so the page can say what to do; nothing else leaks.
 */
export function analyticsGet<S extends z.ZodType, T>(schema: S, run: (input: z.infer<S>) => Promise<T>) {
  return withRoute({ role: "analyst" }, async (req) => {
    const parsed = schema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success) {
      return problem(400, { source: "app", code: "invalid", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
    }
    try {
      return Response.json(await run(parsed.data), { headers: { "cache-control": "no-store" } });
    } catch (e) {
      if (isWechatError(e)) {
        return problem(502, { source: "wechat", code: e.code, kind: e.kind, messageKey: e.messageKey, errmsg: e.errmsg });
      }
      log.error({ err: e instanceof Error ? { name: e.name, message: e.message } : String(e) }, "analytics query failed");
      return problem(500, { source: "app", code: "internal" });
    }
  });
}
