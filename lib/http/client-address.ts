import { isIPv6 } from "node:net";

/**
 * Where a request came from, in a form the client cannot choose. Used for every limit keyed by address
 * (sign-in, the public landing endpoint).
 *
 * What Next.js 16 gives a route handler: no socket address (`NextRequest.ip` was removed in 15), and an
 * `X-Forwarded-For` that `next start` fills with the socket address only when the request has none
 * (`req.headers['x-forwarded-for'] ??= socket.remoteAddress` in next/dist/server/base-server.js). A client that
 * sends its own `X-Forwarded-For` therefore replaces the address entirely. So the server stamps the socket's
 * address into {@link PEER_ADDRESS_HEADER} before Next sees the request (lib/http/peer-address.ts, installed by
 * instrumentation.ts), overwriting anything a client sent under that name.
 *
 * - `trustProxyHops = 0` (the default): the socket's address.
 * - `trustProxyHops = N`: N reverse proxies in front each append the address they saw to `X-Forwarded-For`;
 *   the Nth entry from the right is the one the outermost proxy saw. Entries further left are the client's own.
 */
export const PEER_ADDRESS_HEADER = "x-hongyan-peer-address";

type HeaderSource = Headers | Record<string, unknown> | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name];
  return typeof v === "string" ? v : Array.isArray(v) ? v.join(",") : undefined;
}

export function clientAddress(headers: HeaderSource, trustProxyHops: number): string {
  // Without the stamp (a request that reached Next before instrumentation ran), Next's own X-Forwarded-For
  // value is the best left: its rightmost entry is the socket's when the client sent none.
  const forwarded = (header(headers, "x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  const peer = header(headers, PEER_ADDRESS_HEADER)?.trim() || forwarded.at(-1);
  const hop = trustProxyHops > 0 && forwarded.length > 0 ? forwarded[Math.max(0, forwarded.length - trustProxyHops)] : peer;
  return addressKey(hop ?? "unknown");
}

/**
 * The key limits count under: an IPv4 address as is, an IPv6 address by its /64 (one subscriber usually holds a
 * whole /64, so counting single addresses would give them 2^64 tries). IPv4-mapped IPv6 becomes plain IPv4.
 */
export function addressKey(address: string): string {
  let a = address.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = a.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) a = mapped[1];
  if (!isIPv6(a)) return a.slice(0, 64) || "unknown";
  const [head, tail = ""] = a.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = a.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}
