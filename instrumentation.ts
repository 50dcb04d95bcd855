/**
 * Runs once in the Next.js server's own process at start. It stamps each request with the socket's address,
 * which Next 16 otherwise hides from route handlers (lib/http/client-address.ts explains why that matters).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddressOnEveryRequest } = await import("./lib/http/peer-address");
  stampPeerAddressOnEveryRequest();
}
