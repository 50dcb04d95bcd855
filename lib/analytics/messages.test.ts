import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RANGE_PRESETS } from "./ranges";

const read = (locale: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "..", "..", "messages", locale, "analytics.json"), "utf8"));

describe("analytics messages", () => {
  it("names every date preset", () => {
    for (const locale of ["zh-CN", "en"]) {
      const presets = read(locale).filters.presets as Record<string, string>;
      for (const p of [...RANGE_PRESETS.map((r) => r.key), "custom"]) expect(presets[p], `${locale} ${p}`).toBeTruthy();
    }
  });
});
