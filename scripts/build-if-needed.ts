import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** What a production build depends on: if none of it changed, the existing build is reused. */
const INPUTS = ["app", "components", "lib", "i18n", "messages", "public"];
const FILES = ["next.config.js", "instrumentation.ts", "package-lock.json", "tailwind.config.ts", "postcss.config.mjs", "tsconfig.json"];
const MARKER = path.join(".next", "hongyan-build-hash");

function walk(dir: string, out: string[]) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (!entry.name.endsWith(".test.ts")) out.push(full);
  }
}

export function sourceHash(): string {
  const files: string[] = [];
  for (const d of INPUTS) walk(d, files);
  for (const f of FILES) if (fs.existsSync(f)) files.push(f);
  const hash = crypto.createHash("sha256");
  for (const f of files.sort()) hash.update(f).update("\0").update(fs.readFileSync(f)).update("\0");
  // next.config.js sends HSTS only for an https PUBLIC_URL, and Next fixes headers at build time.
  hash.update(`https:${Boolean(process.env.PUBLIC_URL?.startsWith("https://"))}`);
  return hash.digest("hex");
}

export function buildIfNeeded(log: (m: string) => void = console.log): void {
  const hash = sourceHash();
  const built = fs.existsSync(path.join(".next", "BUILD_ID")) && fs.existsSync(MARKER) && fs.readFileSync(MARKER, "utf8") === hash;
  if (built) return;
  log("Building the app (first start or the code changed)…");
  const result = spawnSync(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal}).`);
  fs.writeFileSync(MARKER, hash);
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded();
