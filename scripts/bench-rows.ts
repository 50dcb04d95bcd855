import fs from "node:fs";

/**
 * How the benchmarks print a row of a goal table (issue 16): the figure, its ratio to the limit or the
 * ideal, and whether the goal is met. Figures only: a benchmark never fails on time, since the machine it
 * runs on may be busy.
 */
export interface Goal {
  text: string;
  ratio: string;
  met: boolean;
}

export function goalRow(step: string, figure: string, goal: Goal, note = ""): void {
  console.log(`  ▸ ${step}: ${figure}; ${goal.ratio}; goal ${goal.text}: ${goal.met ? "met" : "MISSED"}${note ? ` (${note})` : ""}`);
}

/** A time or size that must stay at or under `limit`. */
export function atMost(value: number, limit: number, unit: string): Goal {
  return { text: `≤ ${limit} ${unit}`, ratio: `${(value / limit).toFixed(2)} of the limit`, met: value <= limit };
}

/** A rate that must reach `share` of `ideal`. */
export function shareOf(value: number, ideal: number, share: number, unit: string): Goal {
  return { text: `≥ ${share.toFixed(2)} of ${ideal} ${unit}`, ratio: `${(value / ideal).toFixed(2)} of the ideal`, met: value / ideal >= share };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU time (user + system, ms) a process has used, from /proc; with `tree`, also its children's, live or ended. */
export function cpuMs(pid: number, tree = false): number {
  const fields = (p: number) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
    } catch {
      return undefined;
    }
  };
  // After the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime (clock ticks).
  const own = fields(pid);
  if (!own) return 0;
  let ticks = own[11] + own[12];
  if (tree) {
    ticks += own[13] + own[14];
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const f = fields(Number(entry));
      if (f && f[1] === pid) ticks += f[11] + f[12];
    }
  }
  return ticks * (1000 / CLOCK_TICKS);
}
const CLOCK_TICKS = 100;
