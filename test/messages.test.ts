import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES, NAMESPACES } from "@/i18n/locales";

const root = path.join(import.meta.dirname, "..");

function keys(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

const messages = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    Object.fromEntries(NAMESPACES.map((ns) => [ns, JSON.parse(fs.readFileSync(path.join(root, "messages", locale, `${ns}.json`), "utf8"))])),
  ]),
) as Record<string, Record<string, unknown>>;

function lookup(locale: string, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), messages[locale]);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

describe("message files", () => {
  it("every namespace is a file in every locale", () => {
    for (const locale of LOCALES) {
      expect(fs.readdirSync(path.join(root, "messages", locale)).sort()).toEqual(NAMESPACES.map((ns) => `${ns}.json`).sort());
    }
  });

  it.each(NAMESPACES)("%s has the same keys in zh-CN and en", (ns) => {
    expect(keys(messages["zh-CN"][ns]).sort()).toEqual(keys(messages.en[ns]).sort());
  });

  // Error codes are message keys (lib/errors.ts): one missing from messages/ would show the generic server
  // error instead of what went wrong.
  it("every message key written in the code exists in both locales", () => {
    const literal = new RegExp(`["'\`]((?:${NAMESPACES.join("|")})\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_.]+)["'\`]`, "g");
    const missing: string[] = [];
    let found = 0;
    for (const file of ["app", "components", "lib"].flatMap(sourceFiles)) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      for (const [, key] of text.matchAll(literal)) {
        found++;
        for (const locale of LOCALES) if (lookup(locale, key) === undefined) missing.push(`${locale} ${key} (${file})`);
      }
    }
    expect(found).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
