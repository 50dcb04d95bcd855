"use client";

import { useEffect, useRef } from "react";
import { preloadCharts } from "./charts";

/** The performance mark the benchmark reads: every panel of the page has drawn its data (or its empty state). */
export const CHARTS_DRAWN_MARK = "hongyan:charts-drawn";

/** Panels showing a chart carry this attribute until their SVG is in the page. */
const CHART_PENDING = "[data-chart-view]:not(:has(svg.recharts-surface))";

/**
 * Starts loading the chart code at once, and sets the mark when the figures have arrived (`settled`) and every
 * panel that shows a chart has drawn it.
 */
export function useChartsDrawnMark(settled: boolean) {
  const marked = useRef(false);
  useEffect(() => preloadCharts(), []);
  useEffect(() => {
    if (!settled || marked.current) return;
    let frame = 0;
    const started = performance.now();
    const check = () => {
      if (document.querySelector(CHART_PENDING) && performance.now() - started < 15_000) {
        frame = requestAnimationFrame(check);
        return;
      }
      marked.current = true;
      performance.mark(CHARTS_DRAWN_MARK);
    };
    frame = requestAnimationFrame(check);
    return () => cancelAnimationFrame(frame);
  }, [settled]);
}
