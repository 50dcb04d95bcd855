import type { BadgeTone } from "./badge";

/** The badge colour of each state, declared once for every list and detail page that shows it. */
export const STATUS_TONES = {
  campaign: { running: "primary", paused: "warning", cancelled: "neutral", done: "success" },
  sourceJob: { queued: "neutral", running: "primary", done: "success", failed: "destructive", cancelled: "warning" },
  activity: { open: "success", not_started: "primary", ended: "neutral", closed: "warning" },
} as const satisfies Record<string, Record<string, BadgeTone>>;
