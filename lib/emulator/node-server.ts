import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a `(Request) => Promise<Response>` handler on node:http (tests, benchmarks, scripts). Headers are
 * written only once the body's first chunk is ready, so a body that fails at once drops the connection.
 */
export async function serveHandler(handler: (req: Request) => Promise<Response>, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = opts.host ?? "127.0.0.1";
  const server = http.createServer(async (req, res) => {
    try {
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
      const reader = response.body?.getReader();
      const first = reader ? await reader.read() : { done: true, value: undefined };
      const outHeaders: Record<string, string | string[]> = {};
      response.headers.forEach((v, k) => {
        if (k === "set-cookie") return;
        outHeaders[k] = v;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) outHeaders["set-cookie"] = cookies;
      res.writeHead(response.status, outHeaders);
      if (!first.done && first.value) res.write(first.value);
      while (reader && !first.done) {
        const next = await reader.read();
        if (next.done) break;
        res.write(next.value);
      }
      res.end();
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
