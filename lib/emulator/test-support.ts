import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createEmulatorHandler } from "./index";
import { serveHandler, type RunningServer } from "./node-server";

/** An emulator on a real HTTP server over a private test database, with a clock the test moves. */
// Tests read the wire loosely; their assertions, not the types, check the answers.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WireJson = Record<string, any>;

export interface TestEmulator {
  url: string;
  t: TestDatabase;
  appId: string;
  secret: string;
  envId: string;
  clock: { now: Date; advance(seconds: number): void };
  post(path: string, body: unknown, query?: Record<string, string>): Promise<WireJson>;
  token(): Promise<string>;
  /** POST with a fresh access token. */
  call(path: string, body: unknown, query?: Record<string, string>): Promise<WireJson>;
  control(path: string, body?: unknown, method?: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `realTime`: the clock follows the wall clock (for tests with real worker processes, whose simulated recipients
 * must arrive as time passes); `advance` still moves it ahead.
 */
export async function startTestEmulator(opts: { envId?: string; start?: Date; t?: TestDatabase; realTime?: boolean } = {}): Promise<TestEmulator> {
  const t = opts.t ?? (await createTestDatabase());
  const appId = "wxemulatortest0001";
  const secret = "test-secret-0123456789";
  const envId = opts.envId ?? "test-env";
  let fixed = opts.start ?? new Date("2026-11-20T02:00:00Z");
  let aheadMs = 0;
  const clock = {
    get now() {
      return opts.realTime ? new Date(Date.now() + aheadMs) : fixed;
    },
    set now(at: Date) {
      fixed = at;
      aheadMs = at.getTime() - Date.now();
    },
    advance(seconds: number) {
      this.now = new Date(this.now.getTime() + seconds * 1000);
    },
  };
  const server: RunningServer = await serveHandler(createEmulatorHandler({ db: t.db, appId, secret, envId, now: () => clock.now, basePath: "/emulator" }));
  const url = `${server.url}/emulator`;
  let cached: string | undefined;
  const post = async (path: string, body: unknown, query: Record<string, string> = {}) => {
    const qs = new URLSearchParams(query).toString();
    const res = await fetch(`${url}${path}${qs ? `?${qs}` : ""}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return (await res.json()) as WireJson;
  };
  const token = async () => {
    const r = await post("/cgi-bin/stable_token", { grant_type: "client_credential", appid: appId, secret, force_refresh: false });
    if (!r.access_token) throw new Error(`no token: ${JSON.stringify(r)}`);
    return (cached = r.access_token as string);
  };
  return {
    url,
    t,
    appId,
    secret,
    envId,
    clock,
    post,
    token,
    async call(path, body, query = {}) {
      const r = await post(path, body, { access_token: cached ?? (await token()), ...query });
      // The test clock jumps days ahead; renew the token as a real client would, once.
      if (r.errcode === 42001 || r.errcode === 40001) return post(path, body, { access_token: await token(), ...query });
      return r;
    },
    control(path, body, method = body === undefined ? "GET" : "POST") {
      return fetch(`${url}/_control/${path}`, {
        method,
        headers: { "content-type": "application/json", "x-emulator-secret": secret },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    async close() {
      await server.close();
      if (!opts.t) await t.drop();
    },
  };
}
