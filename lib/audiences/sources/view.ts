import { storedSourceError, type SourceErrorJson } from "./errors";
import type { SourceJob, SourceJobState } from "./jobs";

/** A job as the browser sees it (JSON: dates as ISO strings). */
export interface SourceJobView {
  id: string;
  kind: "cloudid" | "function";
  /** True when cloudIDs are resolved (pasted ones, or those a function returned). */
  resolvesCloudIds: boolean;
  audienceName: string;
  label: string | null;
  state: SourceJobState;
  phase: "resolving" | "writing";
  total: number;
  processed: number;
  resolved: number;
  unresolved: number;
  duplicateIds: number;
  audienceId: string | null;
  error: SourceErrorJson | null;
  report: { rows: number; valid: number; invalid: number; duplicates: number; optedOut: number; members: number } | null;
  functionInput: string | null;
  functionPreview: string | null;
  createdByEmail: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function toJobView(job: SourceJob): SourceJobView {
  const details = job.details ?? {};
  return {
    id: job.id,
    kind: job.kind as SourceJobView["kind"],
    resolvesCloudIds: job.kind === "cloudid" || details.answered === "cloudids",
    audienceName: job.audienceName,
    label: job.label,
    state: job.state,
    phase: job.phase as SourceJobView["phase"],
    total: job.total,
    processed: job.processed,
    resolved: job.resolved,
    unresolved: job.unresolved,
    duplicateIds: job.duplicateIds,
    audienceId: job.audienceId,
    error: storedSourceError(job.error),
    report: (details.report as SourceJobView["report"]) ?? null,
    functionInput: typeof details.input === "string" ? details.input : null,
    functionPreview: typeof details.preview === "string" ? details.preview : null,
    createdByEmail: job.createdByEmail,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
