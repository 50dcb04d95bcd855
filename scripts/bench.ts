/**
 * `npm run bench [name…]`: runs every benchmark in scripts/bench/ (or the named ones) one after
 * the other. Each prints its own figures and ratios; nothing here asserts on time.
 */
import fs from "node:fs";
import path from "node:path";

const dir = path.join(import.meta.dirname, "bench");
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts"))
  .filter((f) => wanted.length === 0 || wanted.includes(path.basename(f, ".ts")))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(", ") || "(any)"} in scripts/bench/.`);
  process.exit(1);
}
for (const file of files) {
  console.log(`\n=== ${path.basename(file, ".ts")} ===`);
  const mod = (await import(path.join(dir, file))) as { default: () => Promise<void> };
  await mod.default();
}
process.exit(0);
