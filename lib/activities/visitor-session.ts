import crypto from "node:crypto";

/**
 * Landing-page visitor sessions are issued by the server, not chosen by the browser: `<uuid>.<signature>`, where
 * the signature is an HMAC-SHA256 over the UUID and the activity. The per-session limits of the public endpoint
 * then hold, since a new session cannot be made up for each request, and a session is good for one activity
 * only. The UUID alone is what WeChat sees as the H5 session.
 */
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
/** A session as the browser sends it: a lowercase UUID and, when issued by this server, its signature. */
export const VISITOR_SESSION_PATTERN = new RegExp(`^${UUID}(\\.[A-Za-z0-9_-]{43})?$`);

function signature(secret: string, uuid: string, activityId: string): string {
  return crypto.createHmac("sha256", `landing-session:${secret}`).update(`${uuid}\n${activityId}`).digest("base64url");
}

export function issueVisitorSession(secret: string, activityId: string, uuid: string = crypto.randomUUID()): string {
  return `${uuid}.${signature(secret, uuid, activityId)}`;
}

/** The session's UUID when the token was issued by this server for this activity; null otherwise. */
export function verifyVisitorSession(secret: string, activityId: string, token: string): string | null {
  const [uuid, given] = token.split(".");
  if (!uuid || !given || !VISITOR_SESSION_PATTERN.test(token)) return null;
  const expected = Buffer.from(signature(secret, uuid, activityId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected) ? uuid : null;
}
