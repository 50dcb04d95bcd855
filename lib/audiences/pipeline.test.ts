import { describe, expect, it } from "vitest";
import { inBatches, PhoneKeySet, PhoneSifter } from "./pipeline";

describe("PhoneSifter", () => {
  it("counts valid, invalid and duplicate rows, keeping the first occurrence of each number", () => {
    const sifter = new PhoneSifter();
    const values = ["13800138000", "+86 138 0013 8000", "abc", "13900139000", "0086 139-0013-9000", "123", "13700137000"];
    const kept = values.map((value, i) => sifter.sift({ value, line: i + 1, source: `t:${i + 1}` }));
    expect(kept).toEqual(["+8613800138000", null, null, "+8613900139000", null, null, "+8613700137000"]);
    expect(sifter.figures).toEqual({ rows: 7, valid: 5, invalid: 2, duplicates: 2 });
    expect(sifter.invalidRows).toEqual([
      { line: 3, value: "abc", reason: "invalid_characters", source: "t:3" },
      { line: 6, value: "123", reason: "too_short", source: "t:6" },
    ]);
  });

  it("keeps only the first invalid rows it is told to, while still counting all of them", () => {
    const sifter = new PhoneSifter(2);
    for (let i = 0; i < 5; i++) sifter.sift({ value: "x", line: i + 1, source: "t" });
    expect(sifter.figures.invalid).toBe(5);
    expect(sifter.invalidRows.map((r) => r.line)).toEqual([1, 2]);
  });
});

describe("inBatches", () => {
  const c = (i: number) => ({ value: String(i), source: "t" });
  it("cuts a list into batches of the given size", async () => {
    const sizes = [];
    for await (const b of inBatches(Array.from({ length: 12 }, (_, i) => c(i)), 5)) sizes.push(b.length);
    expect(sizes).toEqual([5, 5, 2]);
  });

  it("passes a stream's batches through and wraps its single candidates", async () => {
    async function* stream() {
      yield [c(1), c(2)];
      yield c(3);
    }
    const out = [];
    for await (const b of inBatches(stream())) out.push(b.map((x) => x.value));
    expect(out).toEqual([["1", "2"], ["3"]]);
  });
});

describe("PhoneKeySet", () => {
  it("tells new keys from seen ones across many growths, keys that differ only in their high bits included", () => {
    const set = new PhoneKeySet();
    const keys = Array.from({ length: 200_000 }, (_, i) => 13_000_000_000 + i * 7919);
    // The same low 32 bits with different high bits: still four different numbers.
    const highOnly = Array.from({ length: 4 }, (_, i) => 13_000_000_001 + i * 2 ** 32);
    expect([...keys, ...highOnly].map((k) => set.add(k)).every(Boolean)).toBe(true);
    expect(set.size).toBe(keys.length + highOnly.length);
    expect([...keys, ...highOnly].some((k) => set.add(k))).toBe(false);
    expect(set.add(19_999_999_999)).toBe(true);
    expect(set.size).toBe(keys.length + highOnly.length + 1);
  });
});
