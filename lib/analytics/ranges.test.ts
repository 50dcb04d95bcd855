import { describe, expect, it } from "vitest";
import {
  addDays, previousPeriod, rangeLength, realtimeWindow, resolveRange, resolveRealtimeHours, startOfDaySeconds, toUnixRange, todayIn,
} from "./ranges";

const SHANGHAI = "Asia/Shanghai";

describe("date presets in Asia/Shanghai", () => {
  it("takes today from the Shanghai calendar, not UTC", () => {
    // 2026-11-20 17:30 UTC is already 01:30 on the 21st in Shanghai.
    expect(todayIn(SHANGHAI, new Date("2026-11-20T17:30:00Z"))).toBe("2026-11-21");
    expect(todayIn(SHANGHAI, new Date("2026-11-20T15:59:59Z"))).toBe("2026-11-20");
    expect(todayIn("America/New_York", new Date("2026-11-21T03:00:00Z"))).toBe("2026-11-20");
  });

  it("starts a Shanghai day at 16:00 UTC the evening before", () => {
    expect(startOfDaySeconds("2021-02-25", SHANGHAI)).toBe(1614182400); // the seed's begin_date
    expect(toUnixRange({ from: "2021-02-25", to: "2021-02-25" }, SHANGHAI)).toEqual({ beginDate: 1614182400, endDate: 1614268800 });
  });

  it("makes last 7 days the seven whole days that end yesterday", () => {
    const choice = resolveRange({ range: "last7" }, "2026-11-21");
    expect(choice).toEqual({ preset: "last7", range: { from: "2026-11-14", to: "2026-11-20" } });
    expect(rangeLength(choice.range)).toBe(7);
    const { beginDate, endDate } = toUnixRange(choice.range, SHANGHAI);
    expect(endDate - beginDate).toBe(7 * 86400);
    expect(new Date(beginDate * 1000).toISOString()).toBe("2026-11-13T16:00:00.000Z");
  });

  it("resolves yesterday, last 30 days, today and this month", () => {
    expect(resolveRange({ range: "yesterday" }, "2026-03-01").range).toEqual({ from: "2026-02-28", to: "2026-02-28" });
    expect(resolveRange({ range: "last30" }, "2026-11-21").range).toEqual({ from: "2026-10-22", to: "2026-11-20" });
    expect(resolveRange({ range: "today" }, "2026-11-21").range).toEqual({ from: "2026-11-21", to: "2026-11-21" });
    expect(resolveRange({ range: "thisMonth" }, "2026-11-21").range).toEqual({ from: "2026-11-01", to: "2026-11-21" });
  });

  it("falls back to last 7 days for an unknown preset or a broken custom range", () => {
    expect(resolveRange({ range: "nonsense" }, "2026-11-21").preset).toBe("last7");
    expect(resolveRange({ range: "custom", from: "2026-02-30", to: "2026-03-02" }, "2026-11-21").preset).toBe("last7");
    expect(resolveRange({}, "2026-11-21").preset).toBe("last7");
  });

  it("orders a custom range, keeps it out of the future and cuts it to 366 days", () => {
    expect(resolveRange({ range: "custom", from: "2026-11-10", to: "2026-11-03" }, "2026-11-21").range).toEqual({ from: "2026-11-03", to: "2026-11-10" });
    expect(resolveRange({ range: "custom", from: "2026-11-10", to: "2026-12-31" }, "2026-11-21").range).toEqual({ from: "2026-11-10", to: "2026-11-21" });
    const long = resolveRange({ range: "custom", from: "2020-01-01", to: "2026-11-20" }, "2026-11-21").range;
    expect(rangeLength(long)).toBe(366);
    expect(long.to).toBe("2026-11-20");
  });

  it("keeps whole local days across a daylight-saving change", () => {
    // New York springs forward on 2026-03-08: that day has 23 hours.
    const { beginDate, endDate } = toUnixRange({ from: "2026-03-08", to: "2026-03-08" }, "America/New_York");
    expect(endDate - beginDate).toBe(23 * 3600);
  });
});

describe("previous period", () => {
  it("is the same number of days, ending the day before", () => {
    expect(previousPeriod({ from: "2026-11-14", to: "2026-11-20" })).toEqual({ from: "2026-11-07", to: "2026-11-13" });
    expect(previousPeriod({ from: "2026-03-01", to: "2026-03-01" })).toEqual({ from: "2026-02-28", to: "2026-02-28" });
    expect(previousPeriod({ from: "2026-11-01", to: "2026-11-21" })).toEqual({ from: "2026-10-11", to: "2026-10-31" });
  });

  it("crosses month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(previousPeriod({ from: "2027-01-01", to: "2027-01-03" })).toEqual({ from: "2026-12-29", to: "2026-12-31" });
  });
});

describe("real-time window", () => {
  it("ends with the 5-minute bucket that holds now and reaches back 12 hours", () => {
    const now = Date.UTC(2026, 10, 21, 3, 7, 30) / 1000;
    const w = realtimeWindow(now, 12);
    expect(new Date(w.liveBucket * 1000).toISOString()).toBe("2026-11-21T03:05:00.000Z");
    expect(new Date(w.endDate * 1000).toISOString()).toBe("2026-11-21T03:10:00.000Z");
    expect((w.endDate - w.beginDate) / 300).toBe(144);
  });

  it("accepts only the offered window lengths", () => {
    expect(resolveRealtimeHours("6")).toBe(6);
    expect(resolveRealtimeHours("7")).toBe(12);
    expect(resolveRealtimeHours(null)).toBe(12);
  });
});
