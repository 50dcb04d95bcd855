/**
 * The statistics store, on its own embedded PostgreSQL, filled with 100 activities × 365 days × 4 channels:
 *  - the Compare page's query (every activity's totals, costs and small trend series over a range) — p95, goal ≤ 100 ms;
 *  - a one-year daily trend of one activity — p95, goal ≤ 50 ms;
 *  - the sync against the emulator over HTTP: getStatistics calls per second reached by two workers together,
 *    over the limit set (STATS_CALLS_PER_SECOND, 10) — goal ≥ 0.9, and never above 1.
 */
import { addDays } from "@/lib/analytics/ranges";
import { compareView } from "@/lib/analytics/views";
import { createDb } from "@/lib/db";
import { startScratchDatabase } from "@/lib/db/scratch";
import { createEmulatorHandler } from "@/lib/emulator";
import { serveHandler } from "@/lib/emulator/node-server";
import { chinaDayOf, getDailyTrend, setSmsPrice, syncActivity } from "@/lib/history";
import { createWechatClient } from "@/lib/wechat";

const ACTIVITIES = 100;
const DAYS = 365;
const RUNS = 40;
const CALLS_PER_SECOND = 10;

function p95(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))];
}

async function timed(runs: number, f: () => Promise<unknown>): Promise<number[]> {
  await f();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out;
}

export default async function run(): Promise<void> {
  const scratch = await startScratchDatabase({ purpose: "bench-history" });
  try {
    const db = createDb(scratch.url, 10);
    const today = chinaDayOf(new Date());
    const first = addDays(today, -(DAYS - 1));
    const started = performance.now();
    await db.$client.query(
      `insert into activities (id, name, start_at, end_at, landing_title, landing_button, created_at)
       select 'bench-' || i, 'Bench activity ' || i, ($1::date)::timestamptz, now() + interval '10 days', 't', 'b', now() - make_interval(secs => i)
       from generate_series(1, $2) i`,
      [first, ACTIVITIES],
    );
    await db.$client.query(
      `insert into stats_daily (activity_id, day, channel_id, sms_sent, h5_users, wxapp_users)
       select 'bench-' || a, d::date, c, case when c = '_cms_sms_' then (a * 37 + extract(doy from d)::int * 11) % 900 else 0 end,
              (a * 13 + extract(doy from d)::int * 7) % 300, (a * 7 + extract(doy from d)::int * 3) % 120
       from generate_series(1, $1) a, generate_series($2::date, $3::date, interval '1 day') d, unnest(array['_cms_sms_', 'wecom', 'poster', '-']) c`,
      [ACTIVITIES, first, today],
    );
    await db.$client.query(
      `insert into stats_days (activity_id, day, fetched_at, final, has_data, sms_sent, h5_users, wxapp_users)
       select activity_id, day, now(), true, true, sum(sms_sent), sum(h5_users), sum(wxapp_users) from stats_daily group by activity_id, day`,
    );
    // Ten send tasks per activity in the ledger, one batch each, for the cost columns.
    await db.$client.query(
      `with t as (insert into send_tasks (name, activity_id, sms_type, content, preview_text, status, send_at, total_count, created_at)
                  select 'task', 'bench-' || a, 'Marketing', 'x', '【鸿雁】会员专享福利已到账,跳转小程序 https://tcbe.cn/XXXXXXXX 拒收请回复R', 'done',
                         now() - make_interval(days => k * 30), 1000, now() - make_interval(days => k * 30)
                  from generate_series(1, $1) a, generate_series(0, 9) k returning id)
       insert into send_batches (task_id, seq, state, phone_count, sent_count, failed_count) select id, 0, 'done', 1000, 980, 20 from t`,
      [ACTIVITIES],
    );
    await setSmsPrice(db, 0.045, null, new Date(0));
    await db.$client.query("vacuum analyze");
    const rows = await db.$client.query<{ n: string }>("select count(*) as n from stats_daily");
    console.log(`history: ${Number(rows.rows[0].n).toLocaleString("en")} store rows (${ACTIVITIES} activities × ${DAYS} days × 4 channels) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const deps = { db, wechat: createWechatClient({ apiBase: "http://127.0.0.1:9", appId: "x", secret: "x", envId: "x" }), stats: { backfillDays: 90, syncMinutes: 10, callsPerSecond: CALLS_PER_SECOND, settleHours: 6 } };
    for (const [label, from] of [["last 30 days", addDays(today, -29)], ["one year", first]] as const) {
      const ms = await timed(RUNS, () => compareView(deps, { range: { from, to: today } }));
      console.log(`history: Compare page query, ${ACTIVITIES} activities, ${label}: p95 ${p95(ms).toFixed(1)} ms (goal ≤ 100 ms)`);
    }
    const trend = await timed(RUNS * 2, () => getDailyTrend(db, "bench-42", { from: first, to: today }));
    console.log(`history: one-year daily trend of one activity: p95 ${p95(trend).toFixed(1)} ms (goal ≤ 50 ms)`);

    // The sync against the emulator over HTTP: two workers (two connection pools) share the limit.
    const APPID = "wxbench000000000";
    const SECRET = "bench-secret";
    const server = await serveHandler(createEmulatorHandler({ db, appId: APPID, secret: SECRET, envId: "bench-env" }));
    try {
      const wechat = createWechatClient({ apiBase: server.url, appId: APPID, secret: SECRET, envId: "bench-env" });
      await db.$client.query("delete from stats_days where activity_id in ('bench-1', 'bench-2', 'bench-3', 'bench-4')");
      const workers = [createDb(scratch.url, 4), createDb(scratch.url, 4)];
      const opts = { backfillDays: 30, settleHours: 6, callsPerSecond: CALLS_PER_SECOND, concurrency: 4 };
      const t = performance.now();
      const outcomes = await Promise.all([
        syncActivity(workers[0], wechat, "bench-1", opts).then(async (a) => [a, await syncActivity(workers[0], wechat, "bench-3", opts)]),
        syncActivity(workers[1], wechat, "bench-2", opts).then(async (a) => [a, await syncActivity(workers[1], wechat, "bench-4", opts)]),
      ]);
      const seconds = (performance.now() - t) / 1000;
      const calls = outcomes.flat().reduce((s, o) => s + (o.status === "done" ? o.calls : 0), 0);
      // N calls spaced 1/limit apart span (N − 1)/limit seconds: the rate between the first and the last call.
      const rate = (calls - 1) / seconds;
      console.log(`history: sync, 2 workers, ${calls} getStatistics calls in ${seconds.toFixed(2)} s: ${rate.toFixed(2)} calls/s against a limit of ${CALLS_PER_SECOND}: ${(rate / CALLS_PER_SECOND).toFixed(2)} of the limit (goal ≥ 0.9, ≤ 1)`);
      await Promise.all(workers.map((w) => w.$client.end()));
    } finally {
      await server.close();
    }
    await db.$client.end();
  } finally {
    await scratch.stop();
  }
}
