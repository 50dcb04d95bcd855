import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { emuSchemes } from "@/lib/db/schema";
import { ActivityKeys, visitorHash, VisitWriter, WXAPP } from "./events";
import { simulatedOpenid } from "./simulation";
import { escapeHtml, html, WechatFailure } from "./wire";
import { SMS_CHANNEL } from "@/lib/statistics/rows";

/**
 * /wxa/generatescheme and the simulated mini program it opens. A ticket (the `t` of
 * `weixin://dl/business/?t=TICKET`) stands for the stored jump_wxa {path, query, env_version} and its expiry.
 */

const MAX_EXPIRE_DAYS = 30;

export interface SchemeRequest {
  path: string;
  query: string;
  envVersion: string;
  expiresAt: Date;
}

export function parseGenerateScheme(body: Record<string, unknown>, now: Date): SchemeRequest {
  const jump = (body.jump_wxa ?? {}) as Record<string, unknown>;
  if (typeof jump !== "object" || Array.isArray(jump)) throw new WechatFailure(40097, "invalid args: jump_wxa must be an object");
  const path = jump.path ?? "";
  const query = jump.query ?? "";
  const envVersion = jump.env_version ?? "release";
  if (typeof path !== "string" || path.includes("?") || path.length > 1024) throw new WechatFailure(40165, "invalid weapp pagepath: path must be a page path without query");
  if (typeof query !== "string" || query.length > 1024) throw new WechatFailure(40212, "invalid query: at most 1024 characters");
  if (envVersion !== "release" && envVersion !== "trial" && envVersion !== "develop") throw new WechatFailure(40097, "invalid args: env_version must be release, trial or develop");
  const maxEnd = now.getTime() + MAX_EXPIRE_DAYS * 86400_000;
  let expiresAt = maxEnd;
  if (body.expire_type === 1) {
    const days = Number(body.expire_interval);
    if (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRE_DAYS) throw new WechatFailure(85401, "expire_interval must be 1 to 30 days");
    expiresAt = now.getTime() + days * 86400_000;
  } else if (body.expire_time !== undefined) {
    const t = Number(body.expire_time) * 1000;
    if (!Number.isFinite(t) || t <= now.getTime() || t > maxEnd) throw new WechatFailure(85401, "expire_time must be in the future and at most 30 days ahead");
    expiresAt = t;
  }
  return { path, query, envVersion, expiresAt: new Date(expiresAt) };
}

export async function generateScheme(db: Db, now: Date, req: SchemeRequest): Promise<string> {
  const ticket = crypto.randomBytes(12).toString("base64url");
  await db.insert(emuSchemes).values({ ticket, path: req.path, query: req.query, envVersion: req.envVersion, createdAt: now, expiresAt: req.expiresAt });
  return `weixin://dl/business/?t=${ticket}`;
}

const VISITOR_COOKIE = "hy_emu_visitor";

function cookie(req: Request, name: string): string | undefined {
  const raw = req.headers.get("cookie") ?? "";
  for (const part of raw.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

/**
 * GET /_sim/launch?t=TICKET[&session=SESSION_ID]: what tapping the scheme would do in WeChat. Records a
 * mini-program open for the activity (`_activityId_`), channel (`_source_`) and environment (`_envId_`) in the
 * ticket's query, by a simulated OpenID derived from the visitor's session, and shows what would have opened.
 */
export async function simulatedLaunch(
  deps: { db: Db; keys: ActivityKeys; writer: VisitWriter; appId: string; envId: string; now: Date; basePath: string },
  req: Request,
): Promise<Response> {
  const url = new URL(req.url);
  const ticket = url.searchParams.get("t") ?? "";
  const [scheme] = await deps.db.select().from(emuSchemes).where(eq(emuSchemes.ticket, ticket));
  if (!scheme) return page(404, "链接无效 · Invalid link", "<p>这个小程序链接不存在。<br>This mini-program link does not exist.</p>");
  if (scheme.expiresAt.getTime() <= deps.now.getTime()) {
    return page(410, "链接已过期 · Link expired", "<p>这个小程序链接已过期，请回到页面重新打开。<br>This link has expired: go back and tap the button again.</p>");
  }
  const q = new URLSearchParams(scheme.query);
  const activityId = q.get("_activityId_") ?? q.get("activityId");
  const channelId = q.get("_source_") ?? q.get("source") ?? SMS_CHANNEL;
  const envId = q.get("_envId_") ?? deps.envId;
  // A scheme made for one visitor session (the app's /open puts it in the query) opens for that session only:
  // one ticket replayed with made-up sessions would otherwise count a new mini-program user each time.
  const boundSession = q.get("_session_");
  if (boundSession !== null && url.searchParams.get("session") !== boundSession) {
    return page(403, "链接无效 · Invalid link", "<p>这个小程序链接属于另一个访问会话。<br>This link was made for another visitor session.</p>");
  }
  let visitorId = url.searchParams.get("session") ?? cookie(req, VISITOR_COOKIE);
  const setCookie = visitorId ? undefined : (visitorId = crypto.randomUUID());
  const openid = simulatedOpenid(deps.appId, visitorId);
  let recorded = false;
  if (activityId && envId === deps.envId) {
    const key = await deps.keys.ensure(envId, activityId);
    await deps.writer.record({ activityKey: key, kind: WXAPP, channelId, visitor: visitorHash(openid), at: deps.now });
    recorded = true;
  }
  const rows: [string, string][] = [
    ["页面 Page", scheme.path || "(首页 home page)"],
    ["参数 Query", scheme.query || "(无 none)"],
    ["版本 Version", scheme.envVersion],
    ["活动 Activity", activityId ?? "(无 none)"],
    ["渠道 Channel", channelId],
    ["OpenID", openid],
  ];
  const body = `
    <p class="note">${recorded ? "已记录一次小程序打开。A mini-program open was recorded." : "链接未携带活动 ID，未记录统计。The link carries no activity ID: nothing was recorded."}</p>
    <dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd><code>${escapeHtml(v)}</code></dd>`).join("")}</dl>
    <p class="muted">本地模拟器：没有真实的小程序被打开。Local emulator: no real mini program was opened.</p>`;
  const res = page(200, "模拟小程序 · Simulated mini program", body);
  if (setCookie) res.headers.append("set-cookie", `${VISITOR_COOKIE}=${setCookie}; Path=${deps.basePath || "/"}; Max-Age=31536000; SameSite=Lax; HttpOnly`);
  return res;
}

function page(status: number, title: string, body: string): Response {
  return html(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f5f5;color:#111}
header{background:#07c160;color:#fff;padding:14px 16px;font-size:17px;font-weight:600}
main{padding:16px;max-width:480px;margin:0 auto}
dl{background:#fff;border-radius:8px;padding:12px 16px;margin:12px 0}
dt{font-size:12px;color:#666;margin-top:8px}dd{margin:2px 0 0;word-break:break-all}
.note{background:#e7f8ef;border-radius:8px;padding:12px 16px}.muted{color:#666;font-size:13px}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}dl{background:#1e1e1e}.note{background:#12361f}dt,.muted{color:#aaa}}
</style></head><body><header>${escapeHtml(title)}</header><main>${body}</main></body></html>`,
    status,
  );
}
