import { describe, expect, it } from "vitest";
import { parsePastedPhones } from "./paste";

describe("parsePastedPhones", () => {
  it("splits on newlines and commas of every kind, keeping each entry's line number", () => {
    const text = "13800138000\r\n139 0013 9000, 13700137000\n\n13600136000，13500135000、13400134000;13300133000\t13200132000\r13100131000";
    expect([...parsePastedPhones(text)].map((c) => [c.value.trim(), c.line])).toEqual([
      ["13800138000", 1],
      ["139 0013 9000", 2],
      ["13700137000", 2],
      ["13600136000", 4],
      ["13500135000", 4],
      ["13400134000", 4],
      ["13300133000", 4],
      ["13200132000", 4],
      ["13100131000", 5],
    ]);
  });

  it("skips blank lines and trailing commas instead of reporting them as invalid", () => {
    expect([...parsePastedPhones("\n13800138000,,\n  \n,")].length).toBe(1);
  });

  it("marks every entry as pasted", () => {
    expect([...parsePastedPhones("13800138000")][0].source).toBe("paste");
  });
});
