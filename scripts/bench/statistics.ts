/**
 * Decoding getStatistics answers: 10,000 pages of 1000 rows × 12 columns (the overview columns), timed
 * against JSON.parse of the same payloads. Goal: decoding adds at most half of what JSON.parse costs.
 * STATISTICS_BENCH_PAGES lowers the page count for a quick look.
 */
// The emulator's overview columns: the payload has the shape WeChat answers with.
import { FUNNEL_COLUMNS } from "@/lib/emulator/statistics";
import { decodeColumnar, decodeOverview, type ColumnarResponse } from "@/lib/statistics";

const PAGES = Number(process.env.STATISTICS_BENCH_PAGES ?? 10_000);
const ROWS_PER_PAGE = 1000;
/** Distinct payloads, cycled, so the parser cannot lean on one string staying hot. */
const VARIANTS = 16;

function pagePayload(variant: number): string {
  const rows: { data_value: string[] }[] = [];
  for (let i = 0; i < ROWS_PER_PAGE; i++) {
    const seed = variant * ROWS_PER_PAGE + i;
    const sent = 1000 + ((seed * 7919) % 90_000);
    const h5 = Math.floor(sent * (0.2 + (seed % 50) / 100));
    const jump = Math.floor(h5 * (0.3 + (seed % 40) / 100));
    rows.push({
      data_value: [
        "wx5f3c9a1b2d4e6f70",
        "prod-8g2k4m6n",
        `${(seed * 2654435761).toString(16).padStart(12, "0")}6001691405171ba1`,
        i % 4 === 0 ? "_cms_sms_" : `channel_${i % 37}`,
        String(h5),
        String(jump),
        String(sent),
        `[task${seed}:${sent >> 1},task${seed + 1}:${sent - (sent >> 1)}]`,
        (jump / 200_000).toFixed(6),
        (h5 / 300_000).toFixed(6),
        (h5 / sent).toFixed(6),
        h5 ? (jump / h5).toFixed(6) : "0",
      ],
    });
  }
  return JSON.stringify({
    errcode: 0,
    errmsg: "ok",
    data_column: FUNNEL_COLUMNS,
    data_value: rows,
    total_num: PAGES * ROWS_PER_PAGE,
  });
}

function measure(payloads: string[], pages: number, decode: (parsed: ColumnarResponse) => { length: number }) {
  let parseMs = 0;
  let decodeMs = 0;
  let rows = 0;
  for (let p = 0; p < pages; p++) {
    const t0 = performance.now();
    const parsed = JSON.parse(payloads[p % payloads.length]) as ColumnarResponse;
    const t1 = performance.now();
    rows += decode(parsed).length;
    decodeMs += performance.now() - t1;
    parseMs += t1 - t0;
  }
  return { parseMs, decodeMs, rows };
}

export default async function run(): Promise<void> {
  const payloads = Array.from({ length: VARIANTS }, (_, v) => pagePayload(v));
  const bytes = payloads.reduce((sum, p) => sum + Buffer.byteLength(p), 0) / VARIANTS;
  // Warm up both paths so the figures are for optimised code.
  measure(payloads, 200, (parsed) => decodeColumnar(parsed).rows);

  const columnar = measure(payloads, PAGES, (parsed) => decodeColumnar(parsed).rows);
  const typed = measure(payloads, Math.max(1, Math.floor(PAGES / 10)), decodeOverview);

  const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000)).toLocaleString("en-US");
  console.log(`statistics: ${PAGES.toLocaleString("en-US")} pages × ${ROWS_PER_PAGE} rows × ${FUNNEL_COLUMNS.length} columns (${(bytes / 1024).toFixed(0)} KiB a page)`);
  console.log(`  JSON.parse             ${(columnar.parseMs / 1000).toFixed(2)} s  ${rate(columnar.rows, columnar.parseMs)} rows/s  ${((bytes * PAGES) / 1024 / 1024 / (columnar.parseMs / 1000)).toFixed(0)} MiB/s`);
  console.log(`  decodeColumnar         ${(columnar.decodeMs / 1000).toFixed(2)} s  ${rate(columnar.rows, columnar.decodeMs)} rows/s  decode ÷ JSON.parse = ${(columnar.decodeMs / columnar.parseMs).toFixed(2)} (goal ≤ 0.50)`);
  console.log(`  parse + decode         ${rate(columnar.rows, columnar.parseMs + columnar.decodeMs)} rows/s`);
  console.log(`  decodeOverview (typed rows, sms_send_list parsed; ${typed.rows.toLocaleString("en-US")} rows)  ${rate(typed.rows, typed.decodeMs)} rows/s  ÷ JSON.parse = ${(typed.decodeMs / typed.parseMs).toFixed(2)}`);
}
