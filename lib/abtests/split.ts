/**
 * How an A/B test divides its audience. The eligible numbers (the audience less the opt-out list) are put in a
 * stable pseudo-random order, `md5(seed:phone)` (ties by the number itself); the first `testTotal` of that order go
 * to the variants in turn (A, B, C, …), the rest are the remainder that later gets the winner. So the split is
 * reproducible (same seed, same numbers: same split), balanced (variant sizes differ by at most one) and every number
 * is in exactly one variant or in the remainder. `split-order.ts` has the order; `create.ts` runs the same
 * rule in SQL, and the tests hold them equal. (No Node imports here: the compose form uses the sizes.)
 */

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 4;
export const MIN_TEST_SHARE = 5;
export const MAX_TEST_SHARE = 50;
export const DEFAULT_TEST_SHARE = 20;
/** Each variant must get at least this many numbers (below it no rate means anything). */
export const MIN_NUMBERS_PER_VARIANT = 30;

export const VARIANT_LABELS = ["A", "B", "C", "D"] as const;

export interface SplitSizes {
  /** Numbers in the test (all variants together). */
  testTotal: number;
  /** Per variant, A first. */
  variantSizes: number[];
  remainder: number;
}

/** The sizes of the split of `eligible` numbers, `sharePercent` of them (rounded) in the test. */
export function splitSizes(eligible: number, sharePercent: number, variants: number): SplitSizes {
  const testTotal = Math.min(eligible, Math.round((eligible * sharePercent) / 100));
  const base = Math.floor(testTotal / variants);
  const extra = testTotal % variants;
  const variantSizes = Array.from({ length: variants }, (_, i) => base + (i < extra ? 1 : 0));
  return { testTotal, variantSizes, remainder: eligible - testTotal };
}

/** The variant (0 = A) of the number at `rank` (0-based) in the split order, or null for the remainder. */
export function variantOfRank(rank: number, sizes: Pick<SplitSizes, "testTotal" | "variantSizes">): number | null {
  return rank < sizes.testTotal ? rank % sizes.variantSizes.length : null;
}
