import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WechatError } from "./errors";
import { startFakeWechat, type FakeWechat } from "./test-server";
import { createCachingTokenProvider, createClassicTokenProvider, createStableTokenProvider, createTokenServiceProvider } from "./token";

describe("createCachingTokenProvider", () => {
  it("keeps a token until shortly before it expires, then fetches a new one", async () => {
    let now = 0;
    let fetched = 0;
    const provider = createCachingTokenProvider(async () => ({ accessToken: `t${++fetched}`, expiresIn: 7200 }), { now: () => now });
    expect(await provider.getToken()).toBe("t1");
    now = (7200 - 301) * 1000;
    expect(await provider.getToken()).toBe("t1");
    now = (7200 - 299) * 1000;
    expect(await provider.getToken()).toBe("t2");
  });

  it("drops a rejected token only while it is still the cached one", async () => {
    let fetched = 0;
    const rejectedSeen: (string | undefined)[] = [];
    const provider = createCachingTokenProvider(async ({ rejected }) => {
      rejectedSeen.push(rejected);
      return { accessToken: `t${++fetched}`, expiresIn: 7200 };
    });
    const first = await provider.getToken();
    provider.invalidate(first);
    expect(await provider.getToken()).toBe("t2");
    provider.invalidate(first); // a late failure with the old token
    expect(await provider.getToken()).toBe("t2");
    expect(fetched).toBe(2);
    expect(rejectedSeen).toEqual([undefined, "t1"]);
  });

  it("hands a failed fetch to every waiter and tries again on the next call", async () => {
    let attempt = 0;
    const provider = createCachingTokenProvider(async () => {
      await new Promise((r) => setTimeout(r, 10));
      if (++attempt === 1) throw new Error("token endpoint down");
      return { accessToken: "ok", expiresIn: 7200 };
    });
    const results = await Promise.allSettled([provider.getToken(), provider.getToken(), provider.getToken()]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(await provider.getToken()).toBe("ok");
    expect(attempt).toBe(2);
  });
});

describe("token endpoints", () => {
  let server: FakeWechat;
  beforeEach(async () => {
    server = await startFakeWechat();
  });
  afterEach(async () => {
    await server.close();
  });

  it("classic token: GET /cgi-bin/token with grant_type, appid and secret", async () => {
    const provider = createClassicTokenProvider({ apiBase: server.url, appId: "wxapp", secret: "s3cret" });
    expect(await provider.getToken()).toBe("token-1");
    const [call] = server.calls("/cgi-bin/token");
    expect(call.method).toBe("GET");
    expect(call.query).toEqual({ grant_type: "client_credential", appid: "wxapp", secret: "s3cret" });
  });

  it("token service: GET the URL, read {access_token, expires_in}", async () => {
    server.route("/token-service/current", () => ({ body: { access_token: "central", expires_in: 3600 } }));
    const provider = createTokenServiceProvider({ url: `${server.url}/token-service/current` });
    expect(await provider.getToken()).toBe("central");
    expect(await provider.getToken()).toBe("central");
    expect(server.calls("/token-service/current")).toHaveLength(1);
  });

  it("a token service that answers without a token is a clear error", async () => {
    server.route("/token-service/current", () => ({ body: { hello: "world" } }));
    const error = await createTokenServiceProvider({ url: `${server.url}/token-service/current` }).getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatError);
    expect(error).toMatchObject({ api: "tokenService", kind: "network", errmsg: "no access_token in the answer" });
  });

  it("missing credentials surface on the first call as a configuration error", async () => {
    const error = await createStableTokenProvider({ apiBase: server.url, appId: "", secret: "" }).getToken().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "config", messageKey: "errors.-90004" });
    expect(server.requests).toHaveLength(0);
  });
});
