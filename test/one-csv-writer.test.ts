import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every CSV export escapes its cells in lib/csv.ts. Copies drifted before: two routes missed a leading tab and
 * CR, the recipients export had no formula guard at all. A second quoting or formula-guard rule anywhere fails.
 */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("one CSV escaper", () => {
  it("no file but lib/csv.ts doubles quotes for CSV or guards formula characters", () => {
    const offenders = ["app", "lib", "components"]
      .flatMap(sourceFiles)
      .filter((f) => f !== path.join("lib", "csv.ts"))
      .filter((f) => {
        const text = fs.readFileSync(f, "utf8");
        return (text.includes(`'""'`) && /csv/i.test(text)) || /\[=\+\\-@/.test(text);
      });
    expect(offenders).toEqual([]);
  });

  it("every route that answers text/csv builds it with lib/csv", () => {
    const routes = sourceFiles("app").filter((f) => /route\.ts$/.test(f));
    const csvRoutes = routes.filter((f) => /csv/i.test(fs.readFileSync(f, "utf8")) && /Response/.test(fs.readFileSync(f, "utf8")));
    for (const f of csvRoutes.filter((f) => !/upload|cloudids\/route/.test(f))) {
      expect(fs.readFileSync(f, "utf8"), f).toMatch(/from "@\/lib\/csv"/);
    }
    expect(csvRoutes.length).toBeGreaterThanOrEqual(3);
  });
});
