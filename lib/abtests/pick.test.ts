import { describe, expect, it } from "vitest";
import { afterUnreadableFigures, analyseVariants, pickWinner } from "./pick";

const v = (sent: number, h5Users: number, wxappUsers: number) => ({ sent, h5Users, wxappUsers });

describe("pickWinner", () => {
  it("picks the highest SMS → H5 rate and says by how much and how surely it beat the runner-up", () => {
    const d = pickWinner([v(1000, 200, 90), v(1000, 250, 80), v(1000, 210, 120)], "h5");
    expect(d.kind).toBe("winner");
    if (d.kind !== "winner") return;
    expect(d.variant).toBe(1);
    expect(d.reason).toMatchObject({ criterion: "h5", winner: 1, winnerRate: 0.25, runnerUp: 2, runnerUpRate: 0.21 });
    expect(d.reason.pValue).toBeGreaterThan(0);
    expect(d.reason.pValue).toBeLessThan(0.05);
    expect(d.reason.significant).toBe(true);
  });

  it("picks on the mini-program rate when that is the criterion", () => {
    const d = pickWinner([v(1000, 200, 90), v(1000, 250, 80), v(1000, 210, 120)], "wxapp");
    expect(d).toMatchObject({ kind: "winner", variant: 2, reason: { runnerUp: 0 } });
  });

  it("still picks the best estimate when the difference is not significant, and says so", () => {
    const d = pickWinner([v(100, 10, 4), v(100, 12, 5)], "h5");
    expect(d).toMatchObject({ kind: "winner", variant: 1, reason: { significant: false } });
  });

  it("gives a tie to the earlier variant", () => {
    expect(pickWinner([v(100, 20, 5), v(100, 20, 9)], "h5")).toMatchObject({ kind: "winner", variant: 0 });
  });

  it("does not pick below the minimum sample: fewer than 30 numbers a variant, or fewer than 5 conversions", () => {
    expect(pickWinner([v(29, 10, 2), v(100, 20, 5)], "h5")).toEqual({ kind: "notEnoughData" });
    expect(pickWinner([v(100, 1, 0), v(100, 3, 1)], "h5")).toEqual({ kind: "notEnoughData" });
    expect(pickWinner([v(100, 2, 0), v(100, 3, 1)], "h5")).toMatchObject({ kind: "winner", variant: 1 });
  });
});

describe("analyseVariants", () => {
  it("gives both rates with intervals, and uplift and a test against A for the others", () => {
    const [a, b] = analyseVariants([v(200, 40, 10), v(200, 60, 30)], "h5");
    expect(a.h5).toMatchObject({ rate: 0.2, uplift: null, test: null });
    expect(a.h5.interval.low).toBeLessThan(0.2);
    expect(a.h5.interval.high).toBeGreaterThan(0.2);
    expect(b.label).toBe("B");
    expect(b.h5.uplift).toBeCloseTo(0.5, 10);
    expect(b.wxapp.uplift).toBeCloseTo(2, 10);
    expect(b.h5.test?.significant).toBe(true);
    expect(a.enoughData && b.enoughData).toBe(true);
  });

  it("marks variants without enough data yet", () => {
    const [a, b, c] = analyseVariants([v(100, 10, 1), v(20, 5, 1), v(100, 12, 2)], "h5");
    expect([a.enoughData, b.enoughData, c.enoughData]).toEqual([true, false, true]);
  });

  it("never counts more users than numbers sent (forwarded links)", () => {
    const [a] = analyseVariants([v(50, 70, 60), v(50, 10, 1)], "h5");
    expect(a.h5.rate).toBe(1);
  });
});

describe("afterUnreadableFigures", () => {
  it("retries for 6 hours after the pick was due, then hands over to a person", () => {
    const due = new Date("2026-11-30T08:00:00Z");
    expect(afterUnreadableFigures(due, new Date("2026-11-30T13:59:59Z"))).toBe("retry");
    expect(afterUnreadableFigures(due, new Date("2026-11-30T14:00:00Z"))).toBe("manual");
  });
});
