/**
 * A stand-in for WeChat in the sender benchmark (scripts/bench/sender.ts), in its own process so that the
 * benchmark measures the sender and nothing else: `sendsms` answers every number "Ok" (every 50th with a
 * carrier failure, as the emulator's 2%) after a fixed latency, `cloudbasereport` answers ok, and nothing is
 * stored. The latency runs from the request's arrival, so the fake's own work (reading the request, writing the
 * answer) is inside it, as WeChat's would be. It counts the numbers it was sent, so the benchmark can tell whether any went out twice:
 * `POST /_stats` returns the counts since the last call and starts afresh.
 * Prints `listening <url>` and serves until SIGTERM. FAKE_WECHAT_LATENCY_MS sets the latency (200).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

const LATENCY_MS = Number(process.env.FAKE_WECHAT_LATENCY_MS ?? 200);

let calls = 0;
let numbers = 0;
let serial = 0;
let seen = new Set<string>();
let twice = 0;

function answerSendSms(body: { phone_number_list?: unknown }): unknown {
  const list = Array.isArray(body.phone_number_list) ? (body.phone_number_list as string[]) : [];
  calls++;
  numbers += list.length;
  return {
    errcode: 0,
    errmsg: "ok",
    send_status_list: list.map((phone) => {
      if (seen.has(phone)) twice++;
      else seen.add(phone);
      const failed = ++serial % 50 === 0;
      return {
        serial_no: `2:fake${serial}`,
        phone_number: phone,
        code: failed ? "FailedOperation.PhoneNumberInBlacklist" : "Ok",
        message: failed ? "the mobile number is in the blacklist" : "send success",
        iso_code: "CN",
      };
    }),
  };
}

const server = http.createServer((req, res) => {
  const arrived = performance.now();
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const path = (req.url ?? "").split("?")[0];
    /** Answers `body`; with `later`, once the latency has passed since the request arrived. */
    const reply = (status: number, body: unknown, later = false) => {
      const text = JSON.stringify(body);
      const write = () => {
        res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        res.end(text);
      };
      if (later) setTimeout(write, Math.max(0, LATENCY_MS - (performance.now() - arrived)));
      else write();
    };
    if (path === "/_stats") {
      reply(200, { calls, numbers, distinct: seen.size, twice });
      calls = numbers = twice = 0;
      seen = new Set();
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    } catch {
      return reply(200, { errcode: 44002, errmsg: "empty post data" });
    }
    if (path.endsWith("/tcb/sendsms")) {
      reply(200, answerSendSms(body), true);
    } else if (path.endsWith("/tcb/cloudbasereport")) {
      reply(200, { errcode: 0, errmsg: "ok" }, true);
    } else {
      reply(404, { errcode: 404, errmsg: `not part of the fake: ${path}` });
    }
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
