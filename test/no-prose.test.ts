import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.join(import.meta.dirname, "..");

/** Text that is deliberately not translated, with the reason. */
const ALLOWED = new Map<string, string>([
  ["English", "the language switch names each language in itself"],
  ["中文", "the language switch names each language in itself"],
  ["鸿雁", "the brand on the landing page's header, the same in every language"],
]);

const CJK = /[\u3400-\u9fff\uff00-\uffef]/;
/** Two words of letters: a sentence or a label, not an identifier, a URL or a format. */
const ENGLISH_WORDS = /[A-Za-z]{2,}[,.;:!?]?\s+[A-Za-z]{2,}/;
const SHOWN_ATTRIBUTES = new Set(["title", "placeholder", "aria-label", "alt", "label"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx$/.test(entry.name) ? [rel] : [];
  });
}

/** What a user would read that is written in the code instead of messages/. */
function proseIn(file: string, text = fs.readFileSync(path.join(root, file), "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, value: string) => {
    const shown = value.trim();
    if (!ALLOWED.has(shown)) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${JSON.stringify(shown)}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      // A URL or path shown as an example is not prose.
      const words = node.text.replace(/\S*[/:]\S*/g, "");
      if (CJK.test(words) || /[A-Za-z]{2,}/.test(words)) report(node, node.text);
    } else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const value = node.initializer.text;
      if (CJK.test(value) || (SHOWN_ATTRIBUTES.has(node.name.getText()) && ENGLISH_WORDS.test(value))) report(node, value);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && CJK.test(node.text)) {
      report(node, node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("user-facing text", () => {
  // zh-CN is the default and English a click away: a sentence written in a component shows in one language only.
  it("lives in messages/, not in pages or components", () => {
    const files = ["app", "components"].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((file) => proseIn(file))).toEqual([]);
  });

  it("would be caught in a component", () => {
    const probe = 'export const A = () => <p title="Click here to start">立即发送 <a>Save</a> https://example.com/x</p>;\n';
    expect(proseIn("probe.tsx", probe)).toEqual(['probe.tsx:1 "Click here to start"', 'probe.tsx:1 "立即发送"', 'probe.tsx:1 "Save"']);
  });
});
