import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const appDir = path.join(import.meta.dirname, "..", "app");

function filesNamed(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, name);
    return entry.name === name ? [full] : [];
  });
}

/**
 * A page that can still answer 403 or 404 once it runs. Under a loading.tsx the response has already started
 * (status 200, the skeleton) when the page runs, so forbidden() and notFound() can no longer set the status:
 * a marketer-only page would answer an analyst 200, and an unknown campaign 200.
 */
const SETS_STATUS = /requirePageUser\("(marketer|admin)"\)|\bnotFound\(|\bforbidden\(/;

describe("loading.tsx boundaries", () => {
  const boundaries = filesNamed(appDir, "loading.tsx");

  it("found the app's pages", () => {
    expect(filesNamed(appDir, "page.tsx").length).toBeGreaterThan(10);
  });

  it.each(boundaries.map((file) => [path.relative(appDir, file)]))("%s holds no page that answers 403 or 404", (relative) => {
    const dir = path.dirname(path.join(appDir, relative));
    const offenders = filesNamed(dir, "page.tsx")
      .filter((page) => SETS_STATUS.test(fs.readFileSync(page, "utf8")))
      .map((page) => path.relative(appDir, page));
    expect(offenders).toEqual([]);
  });
});
