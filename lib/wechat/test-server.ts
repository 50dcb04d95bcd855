/**
 * A real HTTP server on 127.0.0.1 that speaks WeChat's wire format, for tests of anything that calls WeChat.
 * Token endpoints hand out tokens (`token-1`, `token-2`, …); API paths (/tcb/*, /wxa/*) check the token and
 * answer what the test's route returns; other paths just answer their route. Requests are recorded as they arrived on the wire.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON, or the raw text when it is not JSON. */
  body: unknown;
  rawBody: string;
}

export interface RouteAnswer {
  status?: number;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  /** Wait before answering (for timeouts and single-flight tests). */
  delayMs?: number;
  /** Close the connection without answering. */
  destroy?: boolean;
}

export type Route = (request: RecordedRequest) => RouteAnswer | Promise<RouteAnswer>;

export interface FakeWechat {
  /** Base URL to pass as `apiBase`. */
  url: string;
  requests: RecordedRequest[];
  /** Requests to one path. */
  calls(path: string): RecordedRequest[];
  route(path: string, route: Route): void;
  /** Tokens accepted by API paths; `expire` makes the server answer 42001 for one. */
  validTokens: Set<string>;
  expire(token: string): void;
  /** Delay of the token endpoints, to hold refreshes in flight. */
  tokenDelayMs: number;
  close(): Promise<void>;
}

export async function startFakeWechat(): Promise<FakeWechat> {
  const routes = new Map<string, Route>();
  const requests: RecordedRequest[] = [];
  const validTokens = new Set<string>();
  const expired = new Set<string>();
  let issued = 0;
  const state = { tokenDelayMs: 0 };

  const issueToken: Route = async () => {
    await sleep(state.tokenDelayMs);
    const token = `token-${++issued}`;
    validTokens.add(token);
    return { body: { access_token: token, expires_in: 7200 } };
  };
  routes.set("/cgi-bin/stable_token", issueToken);
  routes.set("/cgi-bin/token", issueToken);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: unknown = rawBody;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        // keep the raw text
      }
      const recorded: RecordedRequest = { method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), body, rawBody };
      requests.push(recorded);
      const answer = await answerFor(recorded);
      if (answer.delayMs) await sleep(answer.delayMs);
      if (answer.destroy) {
        req.socket.destroy();
        return;
      }
      if (res.destroyed) return;
      const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? { errcode: 0, errmsg: "ok" });
      res.writeHead(answer.status ?? 200, { "content-type": "application/json; charset=utf-8" });
      res.end(text);
    });
  });

  async function answerFor(request: RecordedRequest): Promise<RouteAnswer> {
    const route = routes.get(request.path);
    if (request.path.startsWith("/cgi-bin/")) return route ? route(request) : { body: { errcode: 40002, errmsg: "invalid grant_type" } };
    // Paths outside WeChat's API (a token service, say) answer without a token check.
    if (!/^\/(tcb|wxa)\//.test(request.path)) return route ? route(request) : { status: 404, body: "not found" };
    const token = request.query.access_token ?? request.query.cloudbase_access_token;
    if (!token) return { body: { errcode: 41001, errmsg: "access_token missing" } };
    if (expired.has(token)) return { body: { errcode: 42001, errmsg: "access_token expired" } };
    if (!validTokens.has(token)) return { body: { errcode: 40001, errmsg: "invalid credential, access_token is invalid or not latest" } };
    return route ? route(request) : { body: { errcode: 0, errmsg: "ok" } };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (path) => requests.filter((r) => r.path === path),
    route: (path, route) => void routes.set(path, route),
    validTokens,
    expire(token) {
      expired.add(token);
    },
    get tokenDelayMs() {
      return state.tokenDelayMs;
    },
    set tokenDelayMs(ms: number) {
      state.tokenDelayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
