"use client";

import { useEffect, useRef } from "react";

/** The performance mark the benchmark reads: every panel of the page has drawn its data (or its empty state). */
export const CHARTS_DRAWN_MARK = "hongyan:charts-drawn";

export function useChartsDrawnMark(settled: boolean) {
  const marked = useRef(false);
  useEffect(() => {
    if (!settled || marked.current) return;
    marked.current = true;
    // After the browser has painted the frame with the charts in it.
    requestAnimationFrame(() => setTimeout(() => performance.mark(CHARTS_DRAWN_MARK), 0));
  }, [settled]);
}
