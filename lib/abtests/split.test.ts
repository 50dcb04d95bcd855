import { describe, expect, it } from "vitest";
import { splitSizes, variantOfRank } from "./split";
import { assignVariants } from "./split-order";

const phones = (n: number, from = 13_900_000_000) => Array.from({ length: n }, (_, i) => `+86${from + i * 7}`);

function counts(split: Map<string, number | null>, variants: number) {
  const c = { remainder: 0, variants: new Array<number>(variants).fill(0) };
  for (const v of split.values()) {
    if (v === null) c.remainder++;
    else c.variants[v]++;
  }
  return c;
}

describe("splitSizes", () => {
  it("puts the share (rounded) in the test and divides it into sizes that differ by at most one", () => {
    expect(splitSizes(500, 20, 2)).toEqual({ testTotal: 100, variantSizes: [50, 50], remainder: 400 });
    expect(splitSizes(1001, 10, 3)).toEqual({ testTotal: 100, variantSizes: [34, 33, 33], remainder: 901 });
    for (const [n, share, k] of [[999, 33, 4], [12345, 5, 3], [77, 50, 4]] as const) {
      const s = splitSizes(n, share, k);
      expect(Math.max(...s.variantSizes) - Math.min(...s.variantSizes)).toBeLessThanOrEqual(1);
      expect(s.variantSizes.reduce((a, b) => a + b, 0) + s.remainder).toBe(n);
    }
  });

  it("hands ranks to the variants in turn, and the rest to the remainder", () => {
    const s = splitSizes(10, 50, 2);
    expect([0, 1, 2, 3, 4, 5, 9].map((r) => variantOfRank(r, s))).toEqual([0, 1, 0, 1, 0, null, null]);
  });
});

describe("assignVariants", () => {
  const list = phones(1000);

  it("puts every number in exactly one variant or the remainder, with balanced variants", () => {
    const split = assignVariants(list, "seed-1", 20, 3);
    expect(split.size).toBe(1000);
    const c = counts(split, 3);
    expect(c.variants).toEqual([67, 67, 66]);
    expect(c.remainder).toBe(800);
  });

  it("is reproducible: the same seed and numbers, in any order and with repeats, give the same split", () => {
    const a = assignVariants(list, "seed-1", 20, 2);
    const shuffled = [...list].reverse().concat(list.slice(0, 50));
    expect(assignVariants(shuffled, "seed-1", 20, 2)).toEqual(a);
  });

  it("draws a different sample with another seed, and not simply the first numbers of the list", () => {
    const a = assignVariants(list, "seed-1", 20, 2);
    const b = assignVariants(list, "seed-2", 20, 2);
    const tested = (s: Map<string, number | null>) => [...s].filter(([, v]) => v !== null).map(([p]) => p);
    expect(tested(a)).not.toEqual(tested(b));
    const firstTwoHundred = new Set(list.slice(0, 200));
    expect(tested(a).filter((p) => firstTwoHundred.has(p)).length).toBeLessThan(100);
  });
});
