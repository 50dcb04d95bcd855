import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the CloudBase emulator's sendsms / cloudbasereport endpoints over real HTTP, used by
 * the sender's tests until lib/emulator lands on main. It keeps its own record of every number it sent,
 * which is what the tests check the ledger against.
 */
export interface FakeWechat {
  url: string;
  /** Every number sendsms accepted, in order, one entry per send (a number sent twice appears twice). */
  sent: string[];
  reports: Array<Record<string, unknown>>;
  calls: number;
  faults: {
    /** The next N sendsms calls answer errcode -1 (nothing sent). */
    busyNext: number;
    /** Share of sendsms calls answered -1 at random. */
    busyRate: number;
    /** The next N sendsms calls are sent, then the connection is dropped before the answer. */
    dropNext: number;
    latencyMs: number;
  };
  /** Numbers the carrier refuses, with the per-number code WeChat reports for them. */
  failCodes: Map<string, string>;
  close(): Promise<void>;
}

export async function startFakeWechat(): Promise<FakeWechat> {
  let serial = 0;
  const fake: Omit<FakeWechat, "url" | "close"> = {
    sent: [],
    reports: [],
    calls: 0,
    faults: { busyNext: 0, busyRate: 0, dropNext: 0, latencyMs: 0 },
    failCodes: new Map(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://x");
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
      const reply = (o: unknown) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(o));
      };
      if (url.pathname.endsWith("/cgi-bin/stable_token")) return reply({ access_token: "fake-token", expires_in: 7200 });
      if (url.searchParams.get("access_token") !== "fake-token") return reply({ errcode: 40014, errmsg: "invalid access_token" });
      if (url.pathname.endsWith("/tcb/cloudbasereport")) {
        fake.reports.push(body);
        return reply({ errcode: 0, errmsg: "" });
      }
      if (url.pathname.endsWith("/tcb/sendsms")) {
        fake.calls++;
        if (fake.faults.latencyMs) await new Promise((r) => setTimeout(r, fake.faults.latencyMs));
        const phones: string[] = body.phone_number_list ?? [];
        if (phones.length === 0 || phones.length > 1000) return reply({ errcode: -501007, errmsg: "invalid parameter: phone_number_list" });
        if (fake.faults.busyNext > 0 || Math.random() < fake.faults.busyRate) {
          if (fake.faults.busyNext > 0) fake.faults.busyNext--;
          return reply({ errcode: -1, errmsg: "system error" });
        }
        const list = phones.map((p) => {
          const failCode = fake.failCodes.get(p);
          if (!failCode) fake.sent.push(p);
          return { serial_no: `fake:${++serial}`, phone_number: p, code: failCode ?? "Ok", message: failCode ? "refused" : "send success", iso_code: "CN" };
        });
        if (fake.faults.dropNext > 0) {
          fake.faults.dropNext--;
          return req.socket.destroy();
        }
        return reply({ errcode: 0, errmsg: "ok", send_status_list: list });
      }
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake as FakeWechat, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}
