import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function keys(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const read = (locale: string, ns: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "..", "messages", locale, `${ns}.json`), "utf8"));

describe("message files", () => {
  it.each(["sources", "settings"])("%s has the same keys in zh-CN and en", (ns) => {
    expect(keys(read("zh-CN", ns)).sort()).toEqual(keys(read("en", ns)).sort());
  });
});
