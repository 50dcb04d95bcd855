import { MIN_NUMBERS_PER_VARIANT, VARIANT_LABELS } from "./split";
import { twoProportionTest, uplift, wilsonInterval, type Interval, type ProportionTest } from "./stats";

/**
 * The figures of each variant and the rule that picks the winner. Pure: the pick job and the results page give it
 * the sends from the ledger and the users from WeChat, and show or act on what it says.
 */

/** SMS → H5 rate (H5 users ÷ sent) or SMS → mini-program rate (mini-program users ÷ sent). */
export type Criterion = "h5" | "wxapp";
export const CRITERIA: readonly Criterion[] = ["h5", "wxapp"];

export interface VariantFigures {
  /** Numbers the SMS reached (the ledger's sent count). */
  sent: number;
  h5Users: number;
  wxappUsers: number;
}

export interface RateFigures {
  rate: number;
  interval: Interval;
  /** Against variant A (null for A itself). */
  uplift: number | null;
  test: ProportionTest | null;
}

export interface VariantAnalysis {
  index: number;
  label: string;
  figures: VariantFigures;
  h5: RateFigures;
  wxapp: RateFigures;
  /** Too few numbers or conversions for its rate (or its comparison with A) to mean anything yet. */
  enoughData: boolean;
}

/** Conversions needed, over the variants compared, before the normal approximation behind the z-test holds. */
export const MIN_CONVERSIONS = 5;

function successesOf(f: VariantFigures, criterion: Criterion): number {
  return Math.min(f.sent, criterion === "h5" ? f.h5Users : f.wxappUsers);
}

/** Whether `a` and `b` together have enough numbers and conversions (and non-conversions) to compare on `criterion`. */
export function enoughToCompare(a: VariantFigures, b: VariantFigures, criterion: Criterion): boolean {
  if (a.sent < MIN_NUMBERS_PER_VARIANT || b.sent < MIN_NUMBERS_PER_VARIANT) return false;
  const successes = successesOf(a, criterion) + successesOf(b, criterion);
  const failures = a.sent + b.sent - successes;
  return successes >= MIN_CONVERSIONS && failures >= MIN_CONVERSIONS;
}

function rateFigures(f: VariantFigures, a: VariantFigures | null, criterion: Criterion): RateFigures {
  const successes = successesOf(f, criterion);
  const rate = f.sent > 0 ? successes / f.sent : 0;
  if (!a) return { rate, interval: wilsonInterval(successes, f.sent), uplift: null, test: null };
  const rateA = a.sent > 0 ? successesOf(a, criterion) / a.sent : 0;
  return {
    rate,
    interval: wilsonInterval(successes, f.sent),
    uplift: uplift(rateA, rate),
    test: twoProportionTest({ successes: successesOf(a, criterion), n: a.sent }, { successes, n: f.sent }),
  };
}

/** Both rates of every variant with their intervals, and each against A. */
export function analyseVariants(figures: readonly VariantFigures[], criterion: Criterion): VariantAnalysis[] {
  const a = figures[0];
  return figures.map((f, index) => ({
    index,
    label: VARIANT_LABELS[index],
    figures: f,
    h5: rateFigures(f, index === 0 ? null : a, "h5"),
    wxapp: rateFigures(f, index === 0 ? null : a, "wxapp"),
    enoughData: index === 0 ? f.sent >= MIN_NUMBERS_PER_VARIANT && figures.slice(1).some((b) => enoughToCompare(a, b, criterion)) : enoughToCompare(a, f, criterion),
  }));
}

/** Why a variant won, kept with the test and shown on the results page. */
export interface PickReason {
  criterion: Criterion;
  winner: number;
  winnerRate: number;
  /** The best of the others, and the winner against it. */
  runnerUp: number;
  runnerUpRate: number;
  pValue: number;
  significant: boolean;
  /** The figures the pick was made on. */
  figures: VariantFigures[];
}

export type PickDecision =
  | { kind: "winner"; variant: number; reason: PickReason }
  /** Every variant needs enough numbers and conversions; otherwise a person decides. */
  | { kind: "notEnoughData" };

/**
 * The automatic pick: the variant with the highest rate on the criterion (a tie goes to the earlier variant),
 * provided every variant has enough data to be compared with it. The reason says by how much and whether the
 * difference with the runner-up is significant (p < 0.05); a non-significant winner is still the best estimate.
 */
export function pickWinner(figures: readonly VariantFigures[], criterion: Criterion): PickDecision {
  const rates = figures.map((f) => (f.sent > 0 ? successesOf(f, criterion) / f.sent : 0));
  let winner = 0;
  for (let i = 1; i < rates.length; i++) if (rates[i] > rates[winner]) winner = i;
  if (figures.some((f, i) => i !== winner && !enoughToCompare(figures[winner], f, criterion))) return { kind: "notEnoughData" };
  return { kind: "winner", variant: winner, reason: describePick(figures, criterion, winner) };
}

/** The reason for picking `winner` (automatically or by hand): its rate, the best other one's, and the test between them. */
export function describePick(figures: readonly VariantFigures[], criterion: Criterion, winner: number): PickReason {
  const rates = figures.map((f) => (f.sent > 0 ? successesOf(f, criterion) / f.sent : 0));
  let runnerUp = winner === 0 ? 1 : 0;
  for (let i = 0; i < rates.length; i++) if (i !== winner && rates[i] > rates[runnerUp]) runnerUp = i;
  const w = figures[winner];
  const r = figures[runnerUp];
  const test = twoProportionTest({ successes: successesOf(r, criterion), n: r.sent }, { successes: successesOf(w, criterion), n: w.sent });
  return {
    criterion,
    winner,
    winnerRate: rates[winner],
    runnerUp,
    runnerUpRate: rates[runnerUp],
    pValue: test.pValue,
    significant: test.significant,
    figures: figures.map((f) => ({ ...f })),
  };
}

/** How long the pick keeps retrying figures it cannot read before it hands over to a person. */
export const UNREADABLE_FALLBACK_MS = 6 * 3600_000;

/** After a failed read of the figures: retry, or (6 hours after the pick was due) fall back to a manual pick. */
export function afterUnreadableFigures(dueAt: Date, now: Date): "retry" | "manual" {
  return now.getTime() - dueAt.getTime() >= UNREADABLE_FALLBACK_MS ? "manual" : "retry";
}
