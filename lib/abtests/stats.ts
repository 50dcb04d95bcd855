import { errorFunction } from "simple-statistics";

/**
 * The statistics of an A/B test of SMS copy: a conversion rate per variant (H5 users or mini-program users per SMS
 * sent), its 95% Wilson interval, and each variant against A with a two-proportion z-test. Pure functions.
 */

/** The two-sided 95% quantile of the standard normal distribution. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * The Wilson score interval of `successes` out of `n` (95% by default): unlike the normal approximation it stays
 * inside [0, 1] and means something for small samples and rates near 0. `n` 0 gives the whole [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = Math.min(1, Math.max(0, successes / n));
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = ((z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n)));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** P(Z > |z|) × 2 for a standard normal Z. */
export function twoSidedPValue(z: number): number {
  // simple-statistics' erf is an approximation (about 1e-7): keep the result a probability.
  return Math.min(1, Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2)));
}

export interface ProportionTest {
  /** B's rate minus A's rate. */
  difference: number;
  z: number;
  /** Two-sided p-value; 1 when the test cannot be made (no numbers, or no conversion and no non-conversion at all). */
  pValue: number;
  /** pValue < 0.05. */
  significant: boolean;
}

/**
 * The two-proportion z-test with a pooled variance: is variant B's rate different from A's? (H0: equal rates.)
 */
export function twoProportionTest(a: { successes: number; n: number }, b: { successes: number; n: number }): ProportionTest {
  const rateA = a.n > 0 ? a.successes / a.n : 0;
  const rateB = b.n > 0 ? b.successes / b.n : 0;
  const difference = rateB - rateA;
  if (a.n <= 0 || b.n <= 0) return { difference, z: 0, pValue: 1, significant: false };
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  if (se === 0) return { difference, z: 0, pValue: 1, significant: false };
  const z = difference / se;
  const pValue = twoSidedPValue(z);
  return { difference, z, pValue, significant: pValue < 0.05 };
}

/** B's rate relative to A's: 0.25 means 25% better. null when A's rate is 0 (no baseline to compare with). */
export function uplift(rateA: number, rateB: number): number | null {
  return rateA > 0 ? rateB / rateA - 1 : null;
}
