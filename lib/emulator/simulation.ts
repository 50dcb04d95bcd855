import crypto from "node:crypto";

/** Pure planning of what simulated SMS recipients do after a Marketing send. */

const MINUTE = 60_000;
/** Mean delay before an H5 open: about 92% open within 30 minutes, the tail runs on for hours. */
const OPEN_MEAN_MINUTES = 12;
const OPEN_MAX_MINUTES = 6 * 60;
/** Mean time between the H5 open and the mini-program open. */
const JUMP_MEAN_MINUTES = 1.5;

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
export function planRecipients(count: number, sentAt: Date, rates: { openRate: number; jumpRate: number }, appId: string, random: Random = Math.random): PlannedVisitor[] {
  const out: PlannedVisitor[] = [];
  for (let i = 0; i < count; i++) {
    if (random() >= rates.openRate) continue;
    const sessionId = crypto.randomUUID();
    const openAt = new Date(sentAt.getTime() + Math.max(1000, decayingDelayMs(random, OPEN_MEAN_MINUTES, OPEN_MAX_MINUTES)));
    const visitor: PlannedVisitor = { sessionId, openAt };
    if (random() < rates.jumpRate) {
      visitor.openid = simulatedOpenid(appId, sessionId);
      visitor.jumpAt = new Date(openAt.getTime() + Math.max(1000, decayingDelayMs(random, JUMP_MEAN_MINUTES, 60)));
    }
    out.push(visitor);
  }
  return out;
}
