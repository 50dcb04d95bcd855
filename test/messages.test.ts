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

/** Keys the code builds at run time from a table of its own, with where. */
const BUILT_KEYS = new Map([["wechat.errors.", "WechatError.messageKey (lib/wechat/errors.ts) builds errors.<errcode> from its CODES table"]]);

const quoted = (s: string) => new RegExp(`["'\`]${s.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}["'\`]`);
/** A template literal that starts with `prefix` and goes on with `${…}`: `status.${p.status}`. */
const builtFrom = (prefix: string) => new RegExp(`["'\`]${prefix.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}\\$\\{`);
/** A template literal that ends with `suffix` after a `${…}`: `${page}.description`. */
const builtTo = (suffix: string) => new RegExp(`\\}\\.${suffix.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}["'\`]`);
const NAMESPACE_CALL = /(?:useTranslations|getTranslations)\(\s*(?:\{[^}]*namespace:\s*)?(?:"([^"]*)"|\))/g;

/**
 * The keys no code reads: a key is read where its full name is written (error codes), where a translator of
 * its namespace (`useTranslations("campaigns.task")`) is given the rest of it, or where either is built from a
 * written prefix or suffix (`status.${status}`, `${page}.description`).
 */
function unusedKeys(keyList: string[], files: { name: string; text: string }[]): string[] {
  const all = files.map((f) => f.text).join("\n");
  const scoped = files.map((f) => ({ text: f.text, spaces: [...f.text.matchAll(NAMESPACE_CALL)].map((m) => m[1] ?? "") }));
  const prefixes = (key: string) => key.split(".").map((_, i, parts) => parts.slice(0, i).join(".") + (i > 0 ? "." : ""));
  return keyList.filter((key) => {
    if ([...BUILT_KEYS.keys()].some((prefix) => key.startsWith(prefix))) return false;
    if (quoted(key).test(all) || prefixes(key).some((p) => p && builtFrom(p).test(all))) return false;
    return !scoped.some(({ text, spaces }) =>
      spaces.some((space) => {
        if (space && !key.startsWith(`${space}.`)) return false;
        const rest = space ? key.slice(space.length + 1) : key;
        const suffixes = rest.split(".").slice(1).map((_, i, parts) => parts.slice(i).join("."));
        return quoted(rest).test(text) || prefixes(rest).some((p) => p && builtFrom(p).test(text)) || suffixes.some((x) => builtTo(x).test(text));
      }),
    );
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

  // A key no code reads is either a leftover or a second copy of one that is read (campaigns.results.next
  // beside common.pagination.next): the next edit changes one of them and not the other.
  it("has no key that no code reads", () => {
    const files = ["app", "components", "lib", "i18n"].flatMap(sourceFiles).map((name) => ({ name, text: fs.readFileSync(path.join(root, name), "utf8") }));
    const all = NAMESPACES.flatMap((ns) => keys(messages.en[ns]).map((key) => `${ns}.${key}`));
    expect(all.length).toBeGreaterThan(500);
    expect(unusedKeys(all, files)).toEqual([]);
  });

  it("would notice a key that is never read, and not one read through its namespace or a built name", () => {
    const files = [
      { name: "a.tsx", text: 'const t = useTranslations("campaigns.task"); t("pause"); t(`status.${s}`); t(`${k}.title`); e("common.errors.http");' },
    ];
    const probe = ["campaigns.task.pause", "campaigns.task.status.running", "campaigns.task.paused.title", "common.errors.http", "campaigns.task.resume", "campaigns.results.next"];
    expect(unusedKeys(probe, files)).toEqual(["campaigns.task.resume", "campaigns.results.next"]);
  });
});
