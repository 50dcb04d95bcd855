import pino from "pino";

/**
 * The one logger. Anything that might carry a secret is redacted by key, wherever it sits,
 * so a careless `log.info({ config })` still cannot leak the app secret or a token.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: undefined,
  redact: {
    paths: [
      "secret", "*.secret", "*.*.secret",
      "password", "*.password", "*.*.password",
      "passwordHash", "*.passwordHash",
      "access_token", "*.access_token", "accessToken", "*.accessToken", "*.*.accessToken",
      "token", "*.token", "authSecret", "*.authSecret",
      "headers.authorization", "*.headers.authorization", "headers.cookie", "*.headers.cookie",
    ],
    censor: "[redacted]",
  },
});

/** Removes access tokens from a URL before it is logged or put in an error message. */
export function redactUrl(url: string): string {
  return url.replace(/((?:cloudbase_)?access_token|secret)=[^&#]*/gi, "$1=[redacted]");
}
