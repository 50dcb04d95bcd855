import crypto from "node:crypto";
import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import { control } from "./control";
import { ActivityKeys, VisitWriter } from "./events";
import { invokeCloudFunction } from "./functions";
import { ensureDemoOpenUsers, getOpenData } from "./opendata";
import { report } from "./report";
import { generateScheme, parseGenerateScheme, simulatedLaunch } from "./scheme";
import { SettingsStore, type Faults } from "./settings";
import { listRecordedSms, parseSendSms, sendSms } from "./sms";
import { getStatistics } from "./statistics";
import { TOKEN_LIFETIME_SECONDS, TokenStore } from "./tokens";
import { BodyTooLarge } from "@/lib/http";
import { json, MAX_API_BODY_BYTES, MAX_TOKEN_BODY_BYTES, ok, readJsonObject, wechatError, WechatFailure, ENV_MISMATCH } from "./wire";

export interface EmulatorOptions {
  db: Db;
  /** The app credentials the token endpoints accept (EMULATOR_APPID / EMULATOR_SECRET). */
  appId: string;
  secret: string;
  /** The one CloudBase environment this emulator serves; any other answers -601027. */
  envId: string;
  /** The clock; tests move it to make tokens expire and simulated recipients arrive. */
  now?: () => Date;
  /** Where the handler is mounted (e.g. "/emulator"); stripped from request paths. */
  basePath?: string;
}

export type EmulatorHandler = (req: Request) => Promise<Response>;

/** Paths that stand in for WeChat's API: they get WeChat's method checks and the injected faults. */
const WECHAT_PATHS = new Set([
  "/cgi-bin/token",
  "/cgi-bin/stable_token",
  "/tcb/sendsms",
  "/tcb/getstatistics",
  "/tcb/cloudbasereport",
  "/wxa/getopendata",
  "/tcb/invokecloudfunction",
  "/wxa/generatescheme",
]);

/**
 * The local CloudBase: a framework-free handler for the WeChat paths, backed by PostgreSQL.
 * See lib/emulator/README.md for what each endpoint does and the rules it enforces.
 */
export function createEmulatorHandler(opts: EmulatorOptions): EmulatorHandler {
  const now = opts.now ?? (() => new Date());
  const basePath = (opts.basePath ?? "").replace(/\/$/, "");
  const settings = new SettingsStore(opts.db);
  const tokens = new TokenStore(opts.db, opts.appId, now);
  const keys = new ActivityKeys(opts.db);
  const writer = new VisitWriter(opts.db);
  let demoUsersReady: Promise<void> | undefined;

  async function api(path: string, req: Request, faults: Faults): Promise<Response> {
    const url = new URL(req.url);
    const q = url.searchParams;
    if (path === "/cgi-bin/token") {
      if (q.get("grant_type") !== "client_credential") throw new WechatFailure(40002, "invalid grant_type");
      checkCredentials(q.get("appid"), q.get("secret"));
      return json(await tokens.issue(faults.tokenTtlSeconds ?? TOKEN_LIFETIME_SECONDS));
    }
    if (req.method !== "POST") throw new WechatFailure(43002, "require POST method");
    if (path === "/cgi-bin/stable_token") {
      const body = await readJsonObject(req, MAX_TOKEN_BODY_BYTES);
      if (body.grant_type !== "client_credential") throw new WechatFailure(40002, "invalid grant_type");
      checkCredentials(str(body.appid), str(body.secret));
      return json(await tokens.stable(faults.tokenTtlSeconds ?? TOKEN_LIFETIME_SECONDS, body.force_refresh === true));
    }
    await tokens.check(q.get("access_token") ?? q.get("cloudbase_access_token"));
    const body = await readJsonObject(req);
    const at = now();
    switch (path) {
      case "/tcb/sendsms": {
        const parsed = parseSendSms(body, opts.envId);
        const { simulation } = await settings.get();
        const list = await sendSms({ db: opts.db, keys, appId: opts.appId, now: at, simulation }, parsed);
        return ok({ send_status_list: list });
      }
      case "/tcb/cloudbasereport":
        await report({ db: opts.db, keys, writer, envId: opts.envId, now: at }, body);
        return ok();
      case "/tcb/getstatistics":
        return ok({ ...(await getStatistics({ db: opts.db, keys, appId: opts.appId, envId: opts.envId, now: at }, body)) });
      case "/wxa/getopendata":
        demoUsersReady ??= ensureDemoOpenUsers(opts.db).catch((e) => {
          demoUsersReady = undefined;
          throw e;
        });
        await demoUsersReady;
        return ok({ data_list: await getOpenData(opts.db, opts.appId, at, body) });
      case "/tcb/invokecloudfunction": {
        const env = q.get("env");
        const name = q.get("name");
        if (!env) throw new WechatFailure(40101, "missing required parameter: env");
        if (!name) throw new WechatFailure(40101, "missing required parameter: name");
        if (env !== opts.envId) throw ENV_MISMATCH(env);
        return ok({ resp_data: await invokeCloudFunction(name, body, opts.appId) });
      }
      case "/wxa/generatescheme":
        return ok({ openlink: await generateScheme(opts.db, at, parseGenerateScheme(body, at)) });
    }
    return wechatError(-1, "system error");
  }

  function checkCredentials(appid: string | null, secret: string | null) {
    if (!appid) throw new WechatFailure(41002, "appid missing");
    if (appid !== opts.appId) throw new WechatFailure(40013, "invalid appid");
    if (!secret) throw new WechatFailure(41004, "appsecret missing");
    if (!safeEqual(secret, opts.secret)) throw new WechatFailure(40125, "invalid appsecret");
  }

  return async function emulator(req: Request): Promise<Response> {
    const pathname = new URL(req.url).pathname;
    const path = basePath && pathname.startsWith(basePath) ? pathname.slice(basePath.length) || "/" : pathname;
    try {
      // Refused before anything else, read or not: nobody may make the server take in a large body unasked.
      const maxBody = path === "/cgi-bin/token" || path === "/cgi-bin/stable_token" || path.startsWith("/_") ? MAX_TOKEN_BODY_BYTES : MAX_API_BODY_BYTES;
      if (Number(req.headers.get("content-length") ?? 0) > maxBody) throw new BodyTooLarge(maxBody);
      if (WECHAT_PATHS.has(path)) {
        const { faults } = await settings.get();
        if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
        if (Math.random() < faults.busyRate) return wechatError(-1, "system error");
        if (Math.random() < faults.rateLimitRate) return wechatError(45011, "api minute-quota reach limit");
        const res = await answer(() => api(path, req, faults));
        return Math.random() < faults.dropRate ? droppedConnection() : res;
      }
      if (path.startsWith("/_control/")) {
        return await control(settings, opts.secret, path.slice("/_control/".length), req, { sms: (activityId) => listRecordedSms(opts.db, opts.envId, activityId) });
      }
      if (path === "/_sim/launch" && req.method === "GET") {
        return await simulatedLaunch({ db: opts.db, keys, writer, appId: opts.appId, envId: opts.envId, now: now(), basePath }, req);
      }
      return json({ errcode: 404, errmsg: `no such emulated endpoint: ${path}` }, 404);
    } catch (e) {
      if (e instanceof BodyTooLarge) return json({ errcode: 413, errmsg: `request entity too large: at most ${e.maxBytes} bytes` }, 413);
      log.error({ err: e, path }, "emulator request failed");
      return json({ errcode: -1000, errmsg: "system error" }, 500);
    }
  };
}

async function answer(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof WechatFailure) return wechatError(e.errcode, e.errmsg);
    throw e;
  }
}

/**
 * A response whose body fails before its first byte. lib/emulator/node-server.ts then destroys the socket
 * without answering; Next.js ends the response early, so the client reads no complete answer either way.
 */
function droppedConnection(): Response {
  return new Response(
    new ReadableStream({
      pull(c) {
        c.error(new Error("emulator fault injection: connection dropped"));
      },
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}
