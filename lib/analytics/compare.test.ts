import { describe, expect, it } from "vitest";
import { periodChange } from "./compare";

describe("change against the previous period", () => {
  it("gives the difference and the relative change", () => {
    expect(periodChange(150, 100)).toEqual({ current: 150, previous: 100, delta: 50, relative: 0.5, direction: "up" });
    expect(periodChange(75, 100)).toMatchObject({ delta: -25, relative: -0.25, direction: "down" });
  });

  it("has no relative change when the previous period had nothing", () => {
    expect(periodChange(42, 0)).toMatchObject({ delta: 42, relative: null, direction: "up" });
    expect(periodChange(0, 0)).toMatchObject({ delta: 0, relative: null, direction: "flat" });
  });

  it("treats rate differences below the sixth decimal as flat", () => {
    expect(periodChange(0.3, 0.1 + 0.2)).toMatchObject({ delta: 0, relative: 0, direction: "flat" });
    expect(periodChange(0.35, 0.3).delta).toBeCloseTo(0.05, 10);
  });
});
