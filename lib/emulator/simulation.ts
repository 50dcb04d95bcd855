import crypto from "node:crypto";

/** Pure planning of what simulated SMS recipients do after a Marketing send. */

const MINUTE = 60_000;
/** Default mean delay before an H5 open: about 92% open within 30 minutes, the tail runs on for hours. */
export const DEFAULT_OPEN_DELAY_MINUTES = 12;
/** The tail is cut at 30 means (6 hours for the default), the mini-program open follows after 1/8 mean. */
const MAX_DELAY_IN_MEANS = 30;
const JUMP_DELAY_IN_MEANS = 1 / 8;

export interface PlannedVisitor {
  sessionId: string;
  openAt: Date;
  /** Present when this visitor goes on to open the mini program. */
  openid?: string;
  jumpAt?: Date;
}

export type Random = () => number;

/** Exponential delay (decaying curve), truncated at `maxMinutes`. */
export function decayingDelayMs(random: Random, meanMinutes: number, maxMinutes: number): number {
  const d = -Math.log(1 - random()) * meanMinutes;
  return Math.min(d, maxMinutes) * MINUTE;
}

export function simulatedOpenid(appId: string, identifier: string): string {
  // Real OpenIDs are 28 characters starting with "o" and differ per app.
  return "o" + crypto.createHash("sha256").update(`${appId}:${identifier}`).digest("base64url").slice(0, 27);
}

/**
 * For each successfully sent number: opens the landing page with probability openRate; of those, opens the
 * mini program with probability jumpRate. Each recipient gets a fresh session, as a phone's browser would.
 */
export function planRecipients(
  count: number,
  sentAt: Date,
  rates: { openRate: number; jumpRate: number; openDelayMinutes?: number },
  appId: string,
  random: Random = Math.random,
): PlannedVisitor[] {
  const mean = rates.openDelayMinutes ?? DEFAULT_OPEN_DELAY_MINUTES;
  const minimumMs = Math.min(1000, mean * MINUTE);
  const out: PlannedVisitor[] = [];
  for (let i = 0; i < count; i++) {
    if (random() >= rates.openRate) continue;
    const sessionId = crypto.randomUUID();
    const openAt = new Date(sentAt.getTime() + Math.max(minimumMs, decayingDelayMs(random, mean, mean * MAX_DELAY_IN_MEANS)));
    const visitor: PlannedVisitor = { sessionId, openAt };
    if (random() < rates.jumpRate) {
      visitor.openid = simulatedOpenid(appId, sessionId);
      const jumpMean = mean * JUMP_DELAY_IN_MEANS;
      visitor.jumpAt = new Date(openAt.getTime() + Math.max(minimumMs, decayingDelayMs(random, jumpMean, jumpMean * MAX_DELAY_IN_MEANS)));
    }
    out.push(visitor);
  }
  return out;
}
