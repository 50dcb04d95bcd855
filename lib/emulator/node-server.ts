import http from "node:http";
import type { AddressInfo } from "node:net";
import { stampPeerAddress } from "@/lib/http/peer-address";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a `(Request) => Promise<Response>` handler on node:http (tests, benchmarks, scripts). The body is read
 * whole before anything is written, so a body that fails drops the connection without an answer.
 */
export async function serveHandler(handler: (req: Request) => Promise<Response>, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = opts.host ?? "127.0.0.1";
  const server = http.createServer(async (req, res) => {
    try {
      // As the app's server does (instrumentation.ts), so limits keyed by address see the socket's address here too.
      stampPeerAddress(req);
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (Array.isArray(v)) for (const x of v) headers.append(k, x);
        else if (v !== undefined) headers.set(k, v);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://${req.headers.host ?? host}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? Buffer.concat(chunks) : undefined,
      });
      const response = await handler(request);
      // The whole body first (answers are small): a body that fails drops the connection with nothing sent.
      const body = Buffer.from(await response.arrayBuffer());
      const outHeaders: Record<string, string | string[]> = {};
      response.headers.forEach((v, k) => {
        if (k !== "set-cookie") outHeaders[k] = v;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) outHeaders["set-cookie"] = cookies;
      outHeaders["content-length"] = String(body.length);
      res.writeHead(response.status, outHeaders);
      res.end(body);
    } catch {
      res.destroy();
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
