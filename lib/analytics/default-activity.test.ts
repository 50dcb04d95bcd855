import { describe, expect, it } from "vitest";
import { pickDefaultActivity, type ActivityRecency } from "./default-activity";

const day = (n: number) => new Date(Date.UTC(2026, 10, 20 + n));
const activity = (id: string, state: ActivityRecency["state"], start: number, end: number, lastSend: number | null = null): ActivityRecency => ({
  id,
  state,
  startAt: day(start),
  endAt: day(end),
  lastSendAt: lastSend === null ? null : day(lastSend),
});

describe("pickDefaultActivity", () => {
  it("prefers an open activity to an ended one, even one that ended after a later send", () => {
    expect(pickDefaultActivity([activity("ended", "ended", -30, -1, -1), activity("open", "open", -20, 5)])).toBe("open");
  });

  it("among open activities takes the one with the latest send or start", () => {
    const rows = [activity("started-later", "open", -5, 10), activity("sent-today", "open", -30, 10, 0), activity("old", "open", -40, 10, -10)];
    expect(pickDefaultActivity(rows)).toBe("sent-today");
    expect(pickDefaultActivity(rows.filter((r) => r.id !== "sent-today"))).toBe("started-later");
  });

  it("with none open, takes the next to start, then the one that ended last", () => {
    expect(pickDefaultActivity([activity("ended", "ended", -30, -1), activity("soon", "not_started", 2, 9), activity("later", "not_started", 5, 9)])).toBe("soon");
    expect(pickDefaultActivity([activity("long-ago", "ended", -60, -30), activity("recent", "closed", -20, -2)])).toBe("recent");
    expect(pickDefaultActivity([])).toBeUndefined();
  });
});
