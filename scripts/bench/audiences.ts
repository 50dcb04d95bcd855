import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { createAudienceFromCsv, addSuppressions } from "@/lib/audiences";
import { readCsvPhones } from "@/lib/audiences/csv";
import { PhoneSifter } from "@/lib/audiences/pipeline";
import { MemberRows } from "@/lib/audiences/write";
import { createDb, type Db } from "@/lib/db";
import { startScratchDatabase } from "@/lib/db/scratch";
import { atMost, goalRow } from "../bench-rows";

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

/**
 * The anchor of the import: reading and validating the file alone, with no database. The member rows are written
 * and kept as the import writes them (`MemberRows`: COPY's binary format in buffers of 256 KB), for the COPY anchor
 * below.
 */
async function parseAlone(file: string): Promise<{ seconds: number; chunks: Buffer[]; rows: number }> {
  const started = performance.now();
  const sifter = new PhoneSifter();
  const memberRows = new MemberRows(ANCHOR_ID);
  const chunks: Buffer[] = [];
  let rows = 0;
  for await (const batch of readCsvPhones(fs.createReadStream(file), { filename: "audience.csv" }).batches) {
    for (const c of batch) {
      const phone = sifter.sift(c);
      if (phone === null) continue;
      memberRows.add(phone, c.source);
      rows++;
    }
    chunks.push(...memberRows.takeFull());
  }
  chunks.push(...memberRows.takeAll());
  return { seconds: (performance.now() - started) / 1000, chunks, rows };
}

const ANCHOR_ID = "00000000-0000-4000-8000-000000000000";

/** The other anchor: COPY of the same member rows, already formatted, into the members table (rolled back). */
async function copyAlone(db: Db, chunks: Buffer[]): Promise<number> {
  const client = await db.$client.connect();
  try {
    const started = performance.now();
    await client.query("begin");
    const copy = client.query(copyFrom(MemberRows.COPY));
    for (const chunk of chunks) if (!copy.write(chunk)) await once(copy, "drain");
    copy.end();
    await finished(copy);
    const seconds = (performance.now() - started) / 1000;
    await client.query("rollback");
    return seconds;
  } finally {
    client.release();
  }
}

export default async function run(): Promise<void> {
  const scratch = await startScratchDatabase({ purpose: "bench-audiences" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-bench-audiences-csv-"));
  try {
    const db = createDb(scratch.url, 4);
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

    // The anchors after the import, since the parse-alone run holds every member row in memory.
    const parsed = await parseAlone(file);
    const copySeconds = await copyAlone(db, parsed.chunks);
    const validRows = parsed.rows;

    const mb = (b: number) => b / 1024 / 1024;
    console.log(`audiences: ${ROWS.toLocaleString("en")}-row CSV (${mb(bytes).toFixed(0)} MB) validated into an audience`);
    console.log(`  rows ${report.rows}, valid ${report.valid}, invalid ${report.invalid}, duplicates ${report.duplicates}, opted out ${report.optedOut}, members ${report.members}`);
    console.log(
      `  anchors on this machine now: parse + validate alone ${parsed.seconds.toFixed(2)} s; COPY of the ${validRows.toLocaleString("en")} member rows alone ${copySeconds.toFixed(2)} s; overlapped, the import cannot beat ${Math.max(parsed.seconds, copySeconds).toFixed(2)} s`,
    );
    goalRow(
      "1,000,000-row CSV → audience, time",
      `${seconds.toFixed(2)} s (${(seconds / Math.max(parsed.seconds, copySeconds)).toFixed(2)} × the overlapped anchor; this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`,
      atMost(seconds, 3.0, "s"),
    );
    goalRow(
      "1,000,000-row CSV → audience, memory",
      `peak RSS ${mb(peak).toFixed(0)} MB (${mb(peak - baseline).toFixed(0)} MB above the ${mb(baseline).toFixed(0)} MB before the import)`,
      atMost(Math.round(mb(peak)), 300, "MB"),
    );
    await db.$client.end();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await scratch.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
