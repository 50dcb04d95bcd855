/** How a figure moved against the previous period of the same length. */
export interface PeriodChange {
  current: number;
  previous: number;
  /** current − previous. */
  delta: number;
  /**
   * delta ÷ previous (0.25 = up 25 %), or null when there was nothing before to compare with. For rates the
   * change that matters is `delta` in percentage points, not this ratio.
   */
  relative: number | null;
  direction: "up" | "down" | "flat";
}

export function periodChange(current: number, previous: number): PeriodChange {
  const delta = current - previous;
  // Rates arrive with up to 6 decimals; anything smaller than that is noise, not a change.
  const flat = Math.abs(delta) < 1e-9;
  return {
    current,
    previous,
    delta: flat ? 0 : delta,
    relative: previous === 0 ? null : flat ? 0 : delta / previous,
    direction: flat ? "flat" : delta > 0 ? "up" : "down",
  };
}
