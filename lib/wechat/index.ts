import { config, type AppConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { createWechatClient, type WechatClient, type WechatClientOptions } from "./client";
import { createFixedTokenProvider, createStableTokenProvider, createTokenServiceProvider, type AccessTokenProvider } from "./token";

export * from "./client";
export * from "./errors";
export * from "./token";
export * from "./types";
export type { FetchLike } from "./http";

/**
 * Which token provider a deployment uses: a fixed token (WECHAT_ACCESS_TOKEN) or a central token service
 * (WECHAT_TOKEN_SERVICE_URL) when another system owns the token, otherwise the stable token.
 */
export function tokenProviderFor(wechat: AppConfig["wechat"]): AccessTokenProvider {
  if (wechat.fixedAccessToken) return createFixedTokenProvider(wechat.fixedAccessToken);
  if (wechat.tokenServiceUrl) return createTokenServiceProvider({ url: wechat.tokenServiceUrl });
  return createStableTokenProvider({ apiBase: wechat.apiBase, appId: wechat.appId, secret: wechat.secret });
}

function tokenSourceName(wechat: AppConfig["wechat"]): string {
  return wechat.fixedAccessToken ? "WECHAT_ACCESS_TOKEN" : wechat.tokenServiceUrl ? "WECHAT_TOKEN_SERVICE_URL" : "stable_token";
}

export function wechatClientOptions(wechat: AppConfig["wechat"]): WechatClientOptions {
  return {
    apiBase: wechat.apiBase,
    appId: wechat.appId,
    secret: wechat.secret,
    envId: wechat.envId,
    tokenProvider: tokenProviderFor(wechat),
  };
}

let shared: WechatClient | undefined;

/** The process-wide client (one token cache per process), built from `config().wechat`. */
export function getWechat(): WechatClient {
  if (!shared) {
    const wechat = config().wechat;
    shared = createWechatClient(wechatClientOptions(wechat));
    log.info({ mode: wechat.mode, apiBase: wechat.apiBase, envId: wechat.envId, tokenSource: tokenSourceName(wechat) }, "wechat client ready");
  }
  return shared;
}

/** For tests that change the configuration between cases. */
export function resetWechatForTests(): void {
  shared = undefined;
}
