import { describe, expect, it } from "vitest";
import { isWithinAllowedHours, nextAllowedTime } from "./allowed-hours";

/** An instant given in China time (UTC+8, no daylight saving). */
const cst = (iso: string) => new Date(`${iso}+08:00`);

describe("allowed hours (Asia/Shanghai)", () => {
  const day = { start: "08:00", end: "21:00" };

  it("allows 08:00 up to but not including 21:00 China time", () => {
    expect(isWithinAllowedHours(cst("2026-11-22T07:59:59"), day)).toBe(false);
    expect(isWithinAllowedHours(cst("2026-11-22T08:00:00"), day)).toBe(true);
    expect(isWithinAllowedHours(cst("2026-11-22T20:59:59"), day)).toBe(true);
    expect(isWithinAllowedHours(cst("2026-11-22T21:00:00"), day)).toBe(false);
  });

  it("judges by China time whatever the instant's UTC date", () => {
    // 23:30 UTC on the 21st is 07:30 on the 22nd in Shanghai.
    expect(isWithinAllowedHours(new Date("2026-11-21T23:30:00Z"), day)).toBe(false);
    expect(isWithinAllowedHours(new Date("2026-11-22T00:30:00Z"), day)).toBe(true);
  });

  it("holds a send before the window until it opens the same day", () => {
    expect(nextAllowedTime(cst("2026-11-22T06:15:00"), day)).toEqual(cst("2026-11-22T08:00:00"));
  });

  it("holds a send after the window until it opens the next day", () => {
    expect(nextAllowedTime(cst("2026-11-22T21:00:00"), day)).toEqual(cst("2026-11-23T08:00:00"));
    expect(nextAllowedTime(cst("2026-12-31T23:59:00"), day)).toEqual(cst("2027-01-01T08:00:00"));
  });

  it("returns the instant itself inside the window", () => {
    const at = cst("2026-11-22T12:34:56");
    expect(nextAllowedTime(at, day)).toBe(at);
  });

  describe("a window across midnight (22:00–06:00)", () => {
    const night = { start: "22:00", end: "06:00" };
    it("is open late evening and early morning, closed during the day", () => {
      expect(isWithinAllowedHours(cst("2026-11-22T23:00:00"), night)).toBe(true);
      expect(isWithinAllowedHours(cst("2026-11-22T05:59:00"), night)).toBe(true);
      expect(isWithinAllowedHours(cst("2026-11-22T06:00:00"), night)).toBe(false);
      expect(isWithinAllowedHours(cst("2026-11-22T21:59:00"), night)).toBe(false);
    });
    it("holds a daytime send until 22:00 the same day", () => {
      expect(nextAllowedTime(cst("2026-11-22T12:00:00"), night)).toEqual(cst("2026-11-22T22:00:00"));
    });
  });

  it("treats equal start and end as open all day", () => {
    expect(isWithinAllowedHours(cst("2026-11-22T03:00:00"), { start: "00:00", end: "00:00" })).toBe(true);
  });
});
