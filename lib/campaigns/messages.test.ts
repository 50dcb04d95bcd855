import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function keys(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
const read = (locale: string) => JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", locale, "campaigns.json"), "utf8"));

describe("campaigns messages", () => {
  it("have the same keys in zh-CN and en", () => {
    expect(keys(read("zh-CN")).sort()).toEqual(keys(read("en")).sort());
  });
});
