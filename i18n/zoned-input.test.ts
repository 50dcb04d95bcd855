import { describe, expect, it } from "vitest";
import { fromZonedInput, toZonedInput } from "./zoned-input";

describe("datetime-local values in the reader's zone", () => {
  it("reads 10:00 as 10:00 in the chosen zone, whatever zone the machine running it is in", () => {
    expect(fromZonedInput("2026-12-01T10:00", "Asia/Shanghai")).toBe("2026-12-01T02:00:00.000Z");
    expect(fromZonedInput("2026-12-01T10:00", "Europe/Berlin")).toBe("2026-12-01T09:00:00.000Z");
  });

  it("writes an instant as the wall-clock time of the chosen zone", () => {
    expect(toZonedInput("2026-12-01T02:00:00.000Z", "Asia/Shanghai")).toBe("2026-12-01T10:00");
    expect(toZonedInput("2026-06-30T23:30:00.000Z", "America/New_York")).toBe("2026-06-30T19:30");
  });

  it("round-trips across a daylight-saving change", () => {
    const value = "2026-03-29T03:30"; // Berlin moves from +01:00 to +02:00 at 02:00 that night
    expect(toZonedInput(fromZonedInput(value, "Europe/Berlin"), "Europe/Berlin")).toBe(value);
  });

  it("answers empty for what is not a date-time", () => {
    expect(fromZonedInput("", "Asia/Shanghai")).toBe("");
    expect(fromZonedInput("2026-02-30T10:00", "Asia/Shanghai")).toBe("");
    expect(fromZonedInput("tomorrow", "Asia/Shanghai")).toBe("");
    expect(toZonedInput("", "Asia/Shanghai")).toBe("");
  });
});
