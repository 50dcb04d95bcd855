import crypto from "node:crypto";
import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { emuAccessTokens } from "@/lib/db/schema";
import { WechatFailure } from "./wire";

export const TOKEN_LIFETIME_SECONDS = 7200;
/** A replaced token keeps working this long (WeChat's overlap for both token families). */
const GRACE_SECONDS = 300;
const CHECK_CACHE_MS = 1000;

export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

interface TokenRow {
  expiresAt: Date;
  supersededAt: Date | null;
}

function newTokenString(): string {
  // Real tokens are opaque strings of 100-200 characters; clients must reserve 512.
  return crypto.randomBytes(120).toString("base64url").slice(0, 160);
}

export class TokenStore {
  private checked = new Map<string, { row: TokenRow | null; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly appId: string,
    private readonly now: () => Date,
  ) {}

  /** /cgi-bin/token: always a new token; the previous one stays valid for 5 minutes, then answers 40001. */
  async issue(ttlSeconds: number): Promise<IssuedToken> {
    const now = this.now();
    const token = newTokenString();
    await this.db.transaction(async (tx) => {
      await tx.insert(emuAccessTokens).values({
        token,
        appId: this.appId,
        kind: "token",
        issuedAt: now,
        expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      });
      await tx
        .update(emuAccessTokens)
        .set({ supersededAt: now })
        .where(and(eq(emuAccessTokens.appId, this.appId), eq(emuAccessTokens.kind, "token"), isNull(emuAccessTokens.supersededAt), ne(emuAccessTokens.token, token)));
    });
    this.checked.clear();
    return { access_token: token, expires_in: TOKEN_LIFETIME_SECONDS };
  }

  /**
   * /cgi-bin/stable_token: the same token while it has more than 5 minutes left; a new one after that or on
   * force_refresh, in which case the old one keeps at most 5 more minutes.
   */
  async stable(ttlSeconds: number, forceRefresh: boolean): Promise<IssuedToken> {
    const now = this.now();
    return this.db.transaction(async (tx) => {
      // Serialises concurrent stable_token calls for this app, so they agree on one token.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"emu_stable_token:" + this.appId}))`);
      const [current] = await tx
        .select()
        .from(emuAccessTokens)
        .where(and(eq(emuAccessTokens.appId, this.appId), eq(emuAccessTokens.kind, "stable")))
        .orderBy(desc(emuAccessTokens.issuedAt))
        .limit(1);
      const announcedEnd = (t: { issuedAt: Date }) => t.issuedAt.getTime() + TOKEN_LIFETIME_SECONDS * 1000;
      if (current && !forceRefresh && current.expiresAt.getTime() - now.getTime() > GRACE_SECONDS * 1000) {
        return { access_token: current.token, expires_in: Math.max(1, Math.floor((announcedEnd(current) - now.getTime()) / 1000)) };
      }
      if (current) {
        const graceEnd = new Date(Math.min(current.expiresAt.getTime(), now.getTime() + GRACE_SECONDS * 1000));
        await tx.update(emuAccessTokens).set({ expiresAt: graceEnd }).where(eq(emuAccessTokens.token, current.token));
      }
      const token = newTokenString();
      await tx.insert(emuAccessTokens).values({
        token,
        appId: this.appId,
        kind: "stable",
        issuedAt: now,
        expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      });
      this.checked.clear();
      return { access_token: token, expires_in: TOKEN_LIFETIME_SECONDS };
    });
  }

  /** 41001 missing, 40014 unknown, 42001 expired, 40001 replaced by a newer /cgi-bin/token more than 5 minutes ago. */
  async check(token: string | null): Promise<void> {
    if (!token) throw new WechatFailure(41001, "access_token missing");
    const row = await this.lookup(token);
    if (!row) throw new WechatFailure(40014, "invalid access_token");
    const now = this.now().getTime();
    if (row.supersededAt && now >= row.supersededAt.getTime() + GRACE_SECONDS * 1000) {
      throw new WechatFailure(40001, "invalid credential, access_token is invalid or not latest");
    }
    if (now >= row.expiresAt.getTime()) throw new WechatFailure(42001, "access_token expired");
  }

  private async lookup(token: string): Promise<TokenRow | null> {
    const hit = this.checked.get(token);
    if (hit && Date.now() - hit.at < CHECK_CACHE_MS) return hit.row;
    const [row] = await this.db
      .select({ expiresAt: emuAccessTokens.expiresAt, supersededAt: emuAccessTokens.supersededAt, appId: emuAccessTokens.appId })
      .from(emuAccessTokens)
      .where(eq(emuAccessTokens.token, token));
    const found = row && row.appId === this.appId ? { expiresAt: row.expiresAt, supersededAt: row.supersededAt } : null;
    if (this.checked.size > 10_000) this.checked.clear();
    this.checked.set(token, { row: found, at: Date.now() });
    return found;
  }
}
