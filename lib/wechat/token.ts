import { LOCAL_CODES, WechatError, type WechatApi } from "./errors";
import { errcodeOf, errmsgOf, requestJson, type FetchLike } from "./http";

/**
 * Where access tokens come from. The client asks for a token before each call and, when WeChat rejects it
 * (40001/40014/42001), hands the rejected token back to `invalidate` and asks again once.
 */
export interface AccessTokenProvider {
  getToken(): Promise<string>;
  /** Forget `token` if it is still the cached one; a token refreshed meanwhile by another call is kept. */
  invalidate(token: string): void;
}

export interface FetchedToken {
  accessToken: string;
  /** Seconds from now. */
  expiresIn: number;
}

export interface TokenSourceContext {
  /** The token just rejected by WeChat, when this fetch follows an invalidation. */
  rejected: string | undefined;
}

export interface CachingOptions {
  /** Clock in milliseconds; tests pass their own. */
  now?: () => number;
}

/**
 * Caches one token until shortly before it expires and keeps at most one fetch in flight: however many
 * calls wait, they share the same refresh.
 */
export function createCachingTokenProvider(fetchToken: (ctx: TokenSourceContext) => Promise<FetchedToken>, options: CachingOptions = {}): AccessTokenProvider {
  const now = options.now ?? Date.now;
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  let rejected: string | undefined;

  function refresh(): Promise<string> {
    inFlight ??= (async () => {
      try {
        const fetched = await fetchToken({ rejected });
        // Renew early (stable tokens renew 5 minutes before expiry), but never cache for less than half the lifetime.
        const margin = Math.min(300, fetched.expiresIn / 2) * 1000;
        cached = { token: fetched.accessToken, refreshAt: now() + fetched.expiresIn * 1000 - margin };
        rejected = undefined;
        return fetched.accessToken;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  return {
    async getToken() {
      if (cached && now() < cached.refreshAt) return cached.token;
      return refresh();
    },
    invalidate(token) {
      if (cached?.token === token) {
        cached = undefined;
        rejected = token;
      }
    },
  };
}

export interface CredentialOptions {
  apiBase: string;
  appId: string;
  secret: string;
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => number;
}

const TOKEN_TIMEOUT_MS = 10_000;
/** WeChat allows a forced stable-token refresh at most every 30 s (and 20 a day). */
const FORCE_REFRESH_INTERVAL_MS = 30_000;

/**
 * `POST /cgi-bin/stable_token`: safe with several servers, since WeChat returns the same token to all of them
 * while it is valid. After a rejection, a normal fetch that returns the very token WeChat just rejected is
 * followed by one forced refresh (rate-limited as WeChat requires).
 */
export function createStableTokenProvider(options: CredentialOptions): AccessTokenProvider {
  if (!options.appId || !options.secret) return failingProvider(missingCredentials("stable_token"));
  const now = options.now ?? Date.now;
  let lastForcedAt = -Infinity;
  const fetchStable = async (forceRefresh: boolean) =>
    parseTokenBody(
      "stable_token",
      await requestJson({
        api: "stable_token",
        method: "POST",
        url: `${options.apiBase}/cgi-bin/stable_token`,
        body: JSON.stringify({ grant_type: "client_credential", appid: options.appId, secret: options.secret, force_refresh: forceRefresh }),
        timeoutMs: options.timeoutMs ?? TOKEN_TIMEOUT_MS,
        fetch: options.fetch ?? fetch,
      }),
    );
  return createCachingTokenProvider(
    async ({ rejected }) => {
      const fetched = await fetchStable(false);
      if (rejected && fetched.accessToken === rejected && now() - lastForcedAt >= FORCE_REFRESH_INTERVAL_MS) {
        lastForcedAt = now();
        return fetchStable(true);
      }
      return fetched;
    },
    { now },
  );
}

/**
 * Classic `GET /cgi-bin/token`. Each fetch invalidates the token other servers hold, so use it only where
 * this process is the app's one token owner.
 */
export function createClassicTokenProvider(options: CredentialOptions): AccessTokenProvider {
  if (!options.appId || !options.secret) return failingProvider(missingCredentials("token"));
  const query = new URLSearchParams({ grant_type: "client_credential", appid: options.appId, secret: options.secret });
  return createCachingTokenProvider(
    async () =>
      parseTokenBody(
        "token",
        await requestJson({
          api: "token",
          method: "GET",
          url: `${options.apiBase}/cgi-bin/token?${query}`,
          timeoutMs: options.timeoutMs ?? TOKEN_TIMEOUT_MS,
          fetch: options.fetch ?? fetch,
        }),
      ),
    { now: options.now },
  );
}

/** A token owned by another system (WECHAT_ACCESS_TOKEN); a rejection surfaces, since there is nothing to refresh. */
export function createFixedTokenProvider(token: string): AccessTokenProvider {
  if (!token) return failingProvider(missingCredentials("token"));
  return { getToken: async () => token, invalidate: () => {} };
}

export interface TokenServiceOptions {
  url: string;
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => number;
}

/**
 * A central token owner (WECHAT_TOKEN_SERVICE_URL): `GET url` answers `{access_token, expires_in}`.
 * Cached like any other token; after a rejection the service is asked again.
 */
export function createTokenServiceProvider(options: TokenServiceOptions): AccessTokenProvider {
  return createCachingTokenProvider(
    async () =>
      parseTokenBody(
        "tokenService",
        await requestJson({ api: "tokenService", method: "GET", url: options.url, timeoutMs: options.timeoutMs ?? TOKEN_TIMEOUT_MS, fetch: options.fetch ?? fetch }),
      ),
    { now: options.now },
  );
}

function parseTokenBody(api: WechatApi, body: Record<string, unknown>): FetchedToken {
  const code = errcodeOf(body);
  if (code !== 0) throw new WechatError({ code, errmsg: errmsgOf(body), api });
  const accessToken = body.access_token ?? body.accessToken;
  const expiresIn = Number(body.expires_in ?? body.expiresIn ?? 7200);
  if (typeof accessToken !== "string" || !accessToken) {
    throw new WechatError({ code: LOCAL_CODES.badResponse, errmsg: "no access_token in the answer", api });
  }
  return { accessToken, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 7200 };
}

/** Misconfiguration surfaces on the first call (as a `config` error the UI can explain), not at start-up. */
function failingProvider(error: WechatError): AccessTokenProvider {
  return { getToken: () => Promise.reject(error), invalidate: () => {} };
}

function missingCredentials(api: WechatApi): WechatError {
  return new WechatError({ code: LOCAL_CODES.missingCredentials, errmsg: "no credentials configured", api });
}
