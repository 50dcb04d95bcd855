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
