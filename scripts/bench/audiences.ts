import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { createAudienceFromCsv, addSuppressions } from "@/lib/audiences";
import { createDb } from "@/lib/db";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";

const ROWS = 1_000_000;

/** A realistic export: a header, mixed number shapes, ~2% invalid and ~1% repeated numbers. */
async function writeCsv(file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  out.write("phone,name\n");
  let chunk = "";
  for (let i = 0; i < ROWS; i++) {
    const n = 13000000000 + ((i * 7919) % 6_000_000_000);
    let phone = String(i % 100 === 7 ? 13000000000 + (((i - 1) * 7919) % 6_000_000_000) : n);
    if (i % 50 === 3) phone = phone.slice(0, 9);
    else if (i % 10 === 1) phone = `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
    else if (i % 10 === 2) phone = `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    chunk += `${phone},u${i}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
  return fs.statSync(file).size;
}

export default async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-bench-audiences-"));
  fs.chmodSync(dir, 0o755);
  const cluster = await startEmbeddedPostgres(path.join(dir, "pg"));
  try {
    await ensureDatabase(cluster.url("postgres"), "bench");
    const db = createDb(cluster.url("bench"), 4);
    await applyMigrations(db);
    await addSuppressions(db, { phones: Array.from({ length: 1000 }, (_, i) => String(13000000000 + i * 7919)), reason: "bench", addedBy: null });

    const file = path.join(dir, "audience.csv");
    const bytes = await writeCsv(file);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await createAudienceFromCsv(db, fs.createReadStream(file), {
      name: "bench",
      createdBy: null,
      filename: "audience.csv",
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    console.log(`audiences: ${ROWS.toLocaleString("en")}-row CSV (${mb(bytes)} MB) validated into an audience`);
    console.log(`  rows ${report.rows}, valid ${report.valid}, invalid ${report.invalid}, duplicates ${report.duplicates}, opted out ${report.optedOut}, members ${report.members}`);
    console.log(`  time ${seconds.toFixed(2)} s (goal ≤ 15 s) ${seconds <= 15 ? "ok" : "OVER"}; this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (PostgreSQL's not included)`);
    console.log(`  peak RSS ${mb(peak)} MB (${mb(peak - baseline)} MB above the ${mb(baseline)} MB before the import; goal ≤ 500 MB) ${peak <= 500 * 1024 * 1024 ? "ok" : "OVER"}`);
    await db.$client.end();
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
