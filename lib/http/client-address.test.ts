import { describe, expect, it } from "vitest";
import { addressKey, clientAddress, PEER_ADDRESS_HEADER } from "./client-address";

const h = (o: Record<string, string>) => new Headers(o);

describe("clientAddress", () => {
  it("is the socket's address by default, whatever X-Forwarded-For the client sends", () => {
    const headers = h({ [PEER_ADDRESS_HEADER]: "198.51.100.9", "x-forwarded-for": "1.2.3.4, 5.6.7.8" });
    expect(clientAddress(headers, 0)).toBe("198.51.100.9");
  });

  it("takes the Nth hop from the right of X-Forwarded-For with TRUST_PROXY_HOPS=N", () => {
    const headers = h({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.1" });
    expect(clientAddress(headers, 1)).toBe("10.0.0.1");
    expect(clientAddress(headers, 2)).toBe("203.0.113.5");
    // More hops configured than present: the leftmost entry, never something past the list.
    expect(clientAddress(headers, 5)).toBe("6.6.6.6");
  });

  it("reads next-auth's plain header object as well as Headers", () => {
    expect(clientAddress({ [PEER_ADDRESS_HEADER]: "198.51.100.9", "x-forwarded-for": "1.1.1.1" }, 0)).toBe("198.51.100.9");
  });

  it("falls back to Next's own X-Forwarded-For (the socket's address when the client sent none) without the stamp", () => {
    expect(clientAddress(h({ "x-forwarded-for": "127.0.0.1" }), 0)).toBe("127.0.0.1");
    expect(clientAddress(h({}), 0)).toBe("unknown");
  });
});

describe("addressKey", () => {
  it("groups IPv6 addresses by their /64", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("[2001:db8:1:3::7]")).toBe("2001:db8:1:3::/64");
    expect(addressKey("2001:db8:1:2::1")).not.toBe(addressKey("2001:db8:1:3::1"));
  });

  it("keeps IPv4 whole and unwraps IPv4-mapped IPv6", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });
});
