import { describe, expect, it } from "vitest";
import { csvFileName, escapeCsvCell, toCsv } from "./csv";

describe("CSV export", () => {
  it("escapes cells a spreadsheet would run as formulas", () => {
    expect(escapeCsvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(escapeCsvCell("+1234")).toBe("'+1234");
    expect(escapeCsvCell("-")).toBe("'-");
    expect(escapeCsvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(escapeCsvCell("\tcmd")).toBe("'\tcmd");
    expect(escapeCsvCell("\r=cmd")).toBe("\"'\r=cmd\"");
  });

  it("writes numbers as numbers, even negative ones", () => {
    expect(escapeCsvCell(-5)).toBe("-5");
    expect(escapeCsvCell(0.535714)).toBe("0.535714");
    expect(escapeCsvCell(Number.NaN)).toBe("");
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(escapeCsvCell("a,b")).toBe('"a,b"');
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvCell("two\nlines")).toBe('"two\nlines"');
    expect(escapeCsvCell("短信")).toBe("短信");
  });

  it("joins a header and rows with CRLF", () => {
    expect(toCsv(["channel", "users"], [["_cms_sms_", 5000], ["-", 12]])).toBe("channel,users\r\n_cms_sms_,5000\r\n'-,12\r\n");
  });

  it("makes file names safe", () => {
    expect(csvFileName("hongyan", "overview", "demo/double11", "2026-11-14_2026-11-20")).toBe("hongyan-overview-demo_double11-2026-11-14_2026-11-20.csv");
  });
});
