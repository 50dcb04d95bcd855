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

/** How far the content moves the simulated rates: up to ±30% of the base rates. */
export const CONTENT_RATE_SPREAD = 0.3;

/**
 * Simulated recipients answer different copy differently, the same way every time: the SMS content's SHA-256 gives
 * two factors in [0.7, 1.3], one for the open rate and one for the jump rate (lib/emulator/README.md). So an A/B test
 * of two texts has a real, reproducible winner.
 */
export function contentRateFactors(content: string): { open: number; jump: number } {
  const digest = crypto.createHash("sha256").update(content).digest();
  const unit = (offset: number) => digest.readUInt32BE(offset) / 0xffffffff;
  return { open: 1 + CONTENT_RATE_SPREAD * (2 * unit(0) - 1), jump: 1 + CONTENT_RATE_SPREAD * (2 * unit(4) - 1) };
}

/** The base rates moved by the content's factors, never above 1; a rate of 0 or 1 is a certainty and stays one. */
export function ratesForContent<R extends { openRate: number; jumpRate: number }>(rates: R, content: string): R {
  const f = contentRateFactors(content);
  const move = (rate: number, factor: number) => (rate <= 0 || rate >= 1 ? rate : Math.min(1, rate * factor));
  return { ...rates, openRate: move(rates.openRate, f.open), jumpRate: move(rates.jumpRate, f.jump) };
}

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
