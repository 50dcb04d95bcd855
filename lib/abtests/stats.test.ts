import { describe, expect, it } from "vitest";
import { twoProportionTest, twoSidedPValue, uplift, wilsonInterval } from "./stats";

describe("wilsonInterval", () => {
  it("gives the textbook 95% interval for 10 successes out of 100", () => {
    const i = wilsonInterval(10, 100);
    expect(i.low).toBeCloseTo(0.0552, 4);
    expect(i.high).toBeCloseTo(0.1744, 4);
  });

  it("stays inside [0, 1] at the edges, where the normal approximation would not", () => {
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775, 4) });
    const all = wilsonInterval(10, 10);
    expect(all.high).toBeCloseTo(1, 10);
    expect(all.low).toBeCloseTo(0.7225, 4);
  });

  it("is the whole range without numbers, and narrows as numbers grow", () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    const small = wilsonInterval(3, 30);
    const large = wilsonInterval(300, 3000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(large.low).toBeLessThan(0.1);
    expect(large.high).toBeGreaterThan(0.1);
  });
});

describe("twoProportionTest", () => {
  it("finds 25% against 20% on 1000 numbers each significant (z ≈ 2.68, p ≈ 0.0074)", () => {
    const r = twoProportionTest({ successes: 200, n: 1000 }, { successes: 250, n: 1000 });
    expect(r.difference).toBeCloseTo(0.05, 10);
    expect(r.z).toBeCloseTo(2.6775, 3);
    expect(r.pValue).toBeCloseTo(0.00742, 4);
    expect(r.significant).toBe(true);
  });

  it("does not find 12% against 10% on 100 numbers each significant", () => {
    const r = twoProportionTest({ successes: 10, n: 100 }, { successes: 12, n: 100 });
    expect(r.pValue).toBeGreaterThan(0.5);
    expect(r.significant).toBe(false);
  });

  it("is symmetric: B against A has the opposite z and the same p", () => {
    const ab = twoProportionTest({ successes: 30, n: 200 }, { successes: 45, n: 210 });
    const ba = twoProportionTest({ successes: 45, n: 210 }, { successes: 30, n: 200 });
    expect(ba.z).toBeCloseTo(-ab.z, 10);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 10);
  });

  it("cannot test without numbers or without any variation", () => {
    expect(twoProportionTest({ successes: 0, n: 0 }, { successes: 5, n: 50 })).toMatchObject({ pValue: 1, significant: false });
    expect(twoProportionTest({ successes: 0, n: 50 }, { successes: 0, n: 50 })).toMatchObject({ z: 0, pValue: 1, significant: false });
  });

  it("puts the 5% two-sided threshold at z = 1.96", () => {
    expect(twoSidedPValue(1.959964)).toBeCloseTo(0.05, 5);
    expect(twoSidedPValue(0)).toBeCloseTo(1, 6);
  });
});

describe("uplift", () => {
  it("is B's rate relative to A's", () => {
    expect(uplift(0.1, 0.125)).toBeCloseTo(0.25, 10);
    expect(uplift(0.2, 0.15)).toBeCloseTo(-0.25, 10);
  });
  it("has no value against a rate of 0", () => {
    expect(uplift(0, 0.1)).toBeNull();
  });
});
