import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { clientAddress } from "@/lib/http";
import { log } from "@/lib/log";
import { openSession, revokeSession } from "./sessions";
import { attemptSignIn } from "./sign-in";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().max(200) });

/** Errors the sign-in form turns into sentences; the codes travel in next-auth's `error` field. */
export const SIGN_IN_ERRORS = { rateLimited: "RATE_LIMITED", inactive: "INACTIVE" } as const;

let options: NextAuthOptions | undefined;

/** Built on first use, not at import, so `next build` never needs the secret or a database. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: config().authSecret,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(raw, req) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const address = clientAddress(req?.headers as Record<string, unknown> | undefined, config().trustProxyHops);
          const database = db();
          const outcome = await attemptSignIn(database, { email, password, address });
          if (outcome.kind === "limited") throw new Error(`${SIGN_IN_ERRORS.rateLimited}:${outcome.waitSeconds}`);
          if (outcome.kind === "wrong") {
            log.info({ email, address }, "sign-in failed");
            return null;
          }
          if (outcome.kind === "inactive") throw new Error(SIGN_IN_ERRORS.inactive);
          const user = outcome.user;
          const sessionId = await openSession(database, user.id);
          log.info({ userId: user.id }, "signed in");
          return { id: user.id, email: user.email, name: user.name, sessionId };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && "sessionId" in user) token.sid = user.sessionId as string;
        return token;
      },
      session({ session, token }) {
        return { ...session, sid: token.sid };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(db(), token.sid);
      },
    },
    logger: {
      error: (code) => log.error({ code }, "next-auth error"),
      warn: (code) => log.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
  };
  return options;
}
