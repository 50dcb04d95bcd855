import { z } from "zod";
import type { WechatMode } from "@/lib/config";
import type { Db } from "@/lib/db";
import { BodyTooLarge, clientAddress, readLimitedText } from "@/lib/http";
import { log } from "@/lib/log";
import { isWechatError, type WechatClient } from "@/lib/wechat";
import { activityIdSchema, activityState, getActivity } from "./activities";
import { channelIdSchema, hasChannel } from "./channels";
import { getActivityImage } from "./images";
import { landingView } from "./landing";
import { hitRateLimit, type RateLimit } from "./rate-limit";
import { issueVisitorSession, verifyVisitorSession, VISITOR_SESSION_PATTERN } from "./visitor-session";

/**
 * The public landing endpoint, the only unauthenticated way into the app besides the emulator. A framework-free
 * `(Request) => Promise<Response>` mounted at `/api/h5/*`:
 *
 * - `GET  /activity/<id>?source=<channel>` the landing page's content and state (for the static bundle), with a
 *                                          visitor session signed by the server (lib/activities/visitor-session.ts)
 * - `GET  /image/<uuid>`                   an activity's landing image
 * - `POST /report` `{activityId, channelId, sessionId}`  reports `openH5` for an open activity's existing channel
 * - `POST /open`   `{activityId, channelId, sessionId}`  a URL scheme for the mini program (emulator: a launch URL)
 *
 * `sessionId` must be one this server issued for that activity; an unsigned or forged one is refused (403).
 *
 * Everything else is 404. Input is parsed strictly (unknown keys, wrong types, oversized bodies are refused),
 * requests are limited per address and per session, and browsers may call it only from the app's own origin
 * and the configured landing origins (CORS).
 */

export interface PublicLimits {
  perAddress: RateLimit;
  /** `report` calls per visitor session. */
  reportsPerSession: RateLimit;
  /** `open` calls per visitor session (each one costs a URL scheme from WeChat's daily quota). */
  opensPerSession: RateLimit;
  /** `open` calls per activity, whoever asks: WeChat's URL-scheme quota is per day and per mini program. */
  opensPerActivity: RateLimit;
}

export const DEFAULT_PUBLIC_LIMITS: PublicLimits = {
  // Generous: many phones share one carrier-NAT address when an SMS blast lands.
  perAddress: { limit: 300, windowSeconds: 60 },
  reportsPerSession: { limit: 10, windowSeconds: 60 },
  opensPerSession: { limit: 5, windowSeconds: 60 },
  opensPerActivity: { limit: 2000, windowSeconds: 3600 },
};

export const MAX_BODY_BYTES = 1024;
/** How long a generated URL scheme stays valid. */
export const SCHEME_VALID_SECONDS = 5 * 60;

export interface PublicEndpointDeps {
  db: Db;
  wechat: Pick<WechatClient, "report" | "generateScheme">;
  mode: WechatMode;
  envId: string;
  /** The app's public URL; its origin is always allowed. */
  publicUrl: string;
  /** Other origins allowed to call from a browser (the CloudBase static website hosting the bundle). */
  allowedOrigins: string[];
  basePath?: string;
  now?: () => Date;
  limits?: Partial<PublicLimits>;
  /** Signs visitor sessions (derived from AUTH_SECRET by the route). */
  sessionSecret: string;
  /** TRUST_PROXY_HOPS: how the client's address is read (lib/http/client-address.ts). */
  trustProxyHops?: number;
}

export const visitSchema = z
  .object({
    activityId: activityIdSchema,
    channelId: channelIdSchema,
    /** The visitor's session, issued by this server with the landing content and kept in the browser. */
    sessionId: z.string().regex(VISITOR_SESSION_PATTERN, "a session issued by GET /activity/<id>"),
  })
  .strict();
export type Visit = z.infer<typeof visitSchema>;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers },
  });
}

export function createPublicEndpoint(deps: PublicEndpointDeps): (req: Request) => Promise<Response> {
  const basePath = deps.basePath ?? "/api/h5";
  const now = deps.now ?? (() => new Date());
  const limits: PublicLimits = { ...DEFAULT_PUBLIC_LIMITS, ...deps.limits };
  const allowed = new Set([new URL(deps.publicUrl).origin, ...deps.allowedOrigins.map((o) => new URL(o).origin)]);

  /** Same-origin callers and configured origins; requests without Origin are not from a browser page. */
  function originAllowed(req: Request): { ok: boolean; origin: string | null } {
    const origin = req.headers.get("origin");
    if (!origin) return { ok: true, origin: null };
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    let sameHost = false;
    try {
      sameHost = host !== null && new URL(origin).host === host;
    } catch {
      return { ok: false, origin };
    }
    return { ok: sameHost || allowed.has(origin), origin };
  }

  async function limit(bucket: string, rule: RateLimit, what: string) {
    const decision = await hitRateLimit(deps.db, bucket, rule, now());
    if (!decision.allowed) {
      throw new Refusal(429, "rate_limited", `Too many requests ${what}; try again in ${decision.retryAfterSeconds} s.`, {}, { "retry-after": String(decision.retryAfterSeconds) });
    }
  }

  async function parseVisit(req: Request): Promise<Visit> {
    const type = req.headers.get("content-type") ?? "";
    if (!/^application\/json\b/i.test(type)) throw new Refusal(415, "unsupported_media_type", "Send JSON (Content-Type: application/json).");
    let text: string;
    try {
      text = await readLimitedText(req, MAX_BODY_BYTES);
    } catch (e) {
      if (e instanceof BodyTooLarge) throw new Refusal(413, e.code, e.message, { maxBytes: e.maxBytes });
      throw e;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Refusal(400, "invalid_json", "The body is not valid JSON.");
    }
    const parsed = visitSchema.safeParse(raw);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || (i.code === "unrecognized_keys" ? "unknown keys" : "body")))];
      throw new Refusal(400, "invalid_input", `Invalid input: ${fields.join(", ")}.`, { fields });
    }
    const session = verifyVisitorSession(deps.sessionSecret, parsed.data.activityId, parsed.data.sessionId);
    if (!session) throw new Refusal(403, "invalid_session", "The session was not issued by this server for this activity; reload the page.");
    return { ...parsed.data, sessionId: session };
  }

  /** The activity must exist and be open now, and the channel must be one of its channels. */
  async function openActivity(visit: Visit) {
    const activity = await getActivity(deps.db, visit.activityId);
    if (!activity) throw new Refusal(404, "unknown_activity", "No such activity.");
    if (!(await hasChannel(deps.db, visit.activityId, visit.channelId))) throw new Refusal(404, "unknown_channel", "The activity has no such channel.");
    const state = activityState(activity, now());
    if (state !== "open") throw new Refusal(409, "activity_not_open", `The activity is ${state.replace("_", " ")}.`, { state });
    return activity;
  }

  async function report(req: Request, address: string): Promise<Response> {
    const visit = await parseVisit(req);
    await limit(`s:${visit.sessionId}:report`, limits.reportsPerSession, "for this visitor");
    await openActivity(visit);
    await deps.wechat.report({ reportAction: "openH5", activityId: visit.activityId, channelId: visit.channelId, sessionId: visit.sessionId });
    log.debug({ activityId: visit.activityId, channelId: visit.channelId, address }, "landing visit reported");
    return json(200, { ok: true });
  }

  async function open(req: Request): Promise<Response> {
    const visit = await parseVisit(req);
    await limit(`s:${visit.sessionId}:open`, limits.opensPerSession, "for this visitor");
    const activity = await openActivity(visit);
    await limit(`o:${activity.id}`, limits.opensPerActivity, "for this activity this hour");
    const params: Record<string, string> = { _activityId_: activity.id, _source_: visit.channelId, _envId_: deps.envId };
    // The emulator's simulated mini program accepts the launch only from the session the scheme was made for.
    if (deps.mode === "emulator") params._session_ = visit.sessionId;
    const query = new URLSearchParams(params).toString();
    const jump = { path: activity.miniProgramPath, query: activity.miniProgramQuery ? `${query}&${activity.miniProgramQuery}` : query };
    const { openlink } = await deps.wechat.generateScheme({
      jumpWxa: { ...jump, envVersion: "release" },
      isExpire: true,
      expireType: 0,
      expireTime: Math.floor(now().getTime() / 1000) + SCHEME_VALID_SECONDS,
    });
    if (deps.mode === "emulator") {
      const ticket = new URL(openlink).searchParams.get("t") ?? "";
      const launch = `${deps.publicUrl}/emulator/_sim/launch?t=${encodeURIComponent(ticket)}&session=${encodeURIComponent(visit.sessionId)}`;
      return json(200, { openlink, launchUrl: launch, jump });
    }
    // `jump` is for wx-open-launch-weapp inside WeChat, where URL schemes do not open.
    return json(200, { openlink, launchUrl: openlink, jump });
  }

  async function activity(url: URL, id: string): Promise<Response> {
    const source = url.searchParams.get("source");
    const result = await landingView(deps.db, id, source, now());
    if (!result.found) throw new Refusal(404, "unknown_activity", "No such activity or channel.");
    const view = result.view;
    return json(200, {
      ...view,
      imageUrl: view.imagePath ? `${deps.publicUrl}${view.imagePath}` : null,
      sessionId: issueVisitorSession(deps.sessionSecret, view.activityId),
    });
  }

  async function image(id: string): Promise<Response> {
    const found = await getActivityImage(deps.db, id);
    if (!found) throw new Refusal(404, "unknown_image", "No such image.");
    return new Response(new Uint8Array(found.bytes), {
      status: 200,
      headers: {
        "content-type": found.contentType,
        "cache-control": "public, max-age=86400, immutable",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'",
      },
    });
  }

  return async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const rest = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    const { ok: originOk, origin } = originAllowed(req);
    const cors: Record<string, string> = origin && originOk ? { "access-control-allow-origin": origin, vary: "Origin" } : { vary: "Origin" };
    try {
      if (req.method === "OPTIONS") {
        if (!originOk) throw new Refusal(403, "origin_not_allowed", "This origin may not call the landing endpoint.");
        return new Response(null, {
          status: 204,
          headers: { ...cors, "access-control-allow-methods": "GET, POST, OPTIONS", "access-control-allow-headers": "content-type", "access-control-max-age": "600" },
        });
      }
      if (!originOk) throw new Refusal(403, "origin_not_allowed", "This origin may not call the landing endpoint.");
      const address = clientAddress(req.headers, deps.trustProxyHops ?? 0);
      await limit(`a:${address}`, limits.perAddress, "from this address");
      let m: RegExpMatchArray | null;
      let res: Response;
      if (req.method === "POST" && rest === "/report") res = await report(req, address);
      else if (req.method === "POST" && rest === "/open") res = await open(req);
      else if (req.method === "GET" && (m = rest.match(/^\/activity\/([^/]{1,200})$/))) res = await activity(url, decodeURIComponent(m[1]));
      else if (req.method === "GET" && (m = rest.match(/^\/image\/([0-9a-f-]{36})$/))) res = await image(m[1]);
      else if (["/report", "/open"].includes(rest)) throw new Refusal(405, "method_not_allowed", "Use POST.", {}, { allow: "POST, OPTIONS" });
      else throw new Refusal(404, "not_found", "No such endpoint.");
      for (const [k, v] of Object.entries(cors)) res.headers.set(k, v);
      return res;
    } catch (e) {
      if (e instanceof Refusal) return json(e.status, { error: { code: e.code, message: e.message, ...e.extra } }, { ...cors, ...e.headers });
      if (isWechatError(e)) {
        log.warn({ code: e.code, api: e.api, kind: e.kind }, "landing endpoint: WeChat refused");
        return json(502, { error: { code: "upstream", message: "WeChat did not accept the request; try again shortly." } }, cors);
      }
      log.error({ err: e instanceof Error ? { message: e.message, name: e.name } : String(e) }, "landing endpoint failed");
      return json(500, { error: { code: "internal", message: "The server could not handle the request; try again shortly." } }, cors);
    }
  };
}
