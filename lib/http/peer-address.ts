import http from "node:http";
import { PEER_ADDRESS_HEADER } from "./client-address";

/** Writes the socket's address into the request's headers, replacing whatever the client sent under that name. */
export function stampPeerAddress(req: http.IncomingMessage): void {
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
}

let installed = false;

/**
 * Stamps every request any HTTP server of this process receives, before its listener (Next's) runs. Called from
 * instrumentation.ts, which Next runs in the server's own process at start; no custom server is needed.
 */
export function stampPeerAddressOnEveryRequest(): void {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === "request") stampPeerAddress(args[0] as http.IncomingMessage);
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
