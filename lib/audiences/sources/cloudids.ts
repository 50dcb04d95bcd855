import { isWechatError, type WechatClient } from "@/lib/wechat";
import { SourceError, serializeWechatError } from "./errors";

/** The most cloudIDs one audience can be built from. */
export const MAX_CLOUD_IDS = 100_000;
/** cloudIDs per getOpenData call. WeChat documents no limit; the emulator takes 1000. Small batches fail small. */
export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_CONCURRENCY = 4;

export interface ParsedCloudIds {
  /** Distinct cloudIDs, in the order first seen. */
  ids: string[];
  /** Position (1-based) of each distinct cloudID in the input. */
  positions: number[];
  duplicates: number;
}

// A cloudID is one token: separators are whitespace and other control characters (a NUL cannot be stored), commas
// (ASCII and full-width), semicolons and quotes.
const SEPARATORS = /[\s\u0000-\u001f\u007f,，;；、"'`]+/;
const HEADER = /^(cloud_?id|cloudid_list|id)$/i;

/** Pasted or uploaded text (one cloudID a line, or a one-column CSV with or without a header). */
export function parseCloudIdList(text: string): ParsedCloudIds {
  const seen = new Set<string>();
  const ids: string[] = [];
  const positions: number[] = [];
  let duplicates = 0;
  let position = 0;
  for (const token of text.split(SEPARATORS)) {
    if (token === "") continue;
    position++;
    if (position === 1 && HEADER.test(token)) {
      position = 0;
      continue;
    }
    if (seen.has(token)) {
      duplicates++;
      continue;
    }
    seen.add(token);
    ids.push(token);
    positions.push(position);
  }
  if (ids.length === 0) throw new SourceError("sources.errors.no_cloud_ids");
  if (ids.length > MAX_CLOUD_IDS) throw new SourceError("sources.errors.too_many_cloud_ids", { count: ids.length, max: MAX_CLOUD_IDS });
  return { ids, positions, duplicates };
}

export type UnresolvedReason = "unknown_or_expired" | "no_phone" | "not_returned" | "call_failed";

export interface ResolvedCloudId {
  cloudId: string;
  /** As WeChat gave it; the audience pipeline normalises and validates it like any other number. */
  phone: string;
  index: number;
}

export interface UnresolvedCloudId {
  cloudId: string;
  reason: UnresolvedReason;
  detail: string;
  index: number;
}

export interface ResolveProgress {
  processed: number;
  resolved: number;
  unresolved: number;
  total: number;
}

export interface ResolveOptions {
  batchSize?: number;
  concurrency?: number;
  onProgress?: (progress: ResolveProgress) => void | Promise<void>;
  /** Stops after the calls in flight; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface ResolveResult {
  resolved: ResolvedCloudId[];
  unresolved: UnresolvedCloudId[];
}

type OpenDataOutcome = { ok: true; phone: string } | { ok: false; reason: UnresolvedReason; detail: string };

/**
 * A phone-number cloudID resolves to `{cloudID, data: {phoneNumber, purePhoneNumber, countryCode}}`; one WeChat
 * could not resolve carries an error object (`errCode`, `errMsg`) in place of `data`.
 */
export function phoneFromOpenData(json: unknown): OpenDataOutcome {
  if (typeof json !== "object" || json === null) {
    return { ok: false, reason: "unknown_or_expired", detail: typeof json === "string" ? json.slice(0, 200) : "" };
  }
  const record = json as Record<string, unknown>;
  const data = (record.data ?? (record.phoneNumber || record.purePhoneNumber ? record : undefined)) as Record<string, unknown> | undefined;
  if (!data || typeof data !== "object") {
    const errMsg = record.errMsg ?? record.errmsg;
    const errCode = record.errCode ?? record.errcode;
    return { ok: false, reason: "unknown_or_expired", detail: [errCode, errMsg].filter((x) => x !== undefined && x !== "").join(" ") };
  }
  const pure = typeof data.purePhoneNumber === "string" ? data.purePhoneNumber : "";
  const country = typeof data.countryCode === "string" || typeof data.countryCode === "number" ? String(data.countryCode) : "";
  if (pure && country) return { ok: true, phone: `+${country}${pure}` };
  if (typeof data.phoneNumber === "string" && data.phoneNumber) return { ok: true, phone: data.phoneNumber };
  if (pure) return { ok: true, phone: pure };
  return { ok: false, reason: "no_phone", detail: Object.keys(data).join(", ").slice(0, 200) };
}

/** Errors after which every further call would fail the same way: stop and tell an admin. */
function stopsTheJob(kind: string): boolean {
  return kind === "config" || kind === "token" || kind === "quota";
}

/**
 * Resolves cloudIDs with getOpenData, `batchSize` a call and `concurrency` calls at a time. Every cloudID ends
 * resolved or unresolved with a reason; a batch whose call fails (after the client's own retries) marks its
 * cloudIDs `call_failed`. A configuration, token or quota error stops everything with a SourceError.
 */
export async function resolveCloudIds(wechat: WechatClient, ids: readonly string[], options: ResolveOptions = {}): Promise<ResolveResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const resolved: ResolvedCloudId[] = [];
  const unresolved: UnresolvedCloudId[] = [];
  const batches = Math.ceil(ids.length / batchSize);
  let next = 0;
  let processed = 0;
  let stopped: SourceError | undefined;

  async function resolveBatch(start: number) {
    const batch = ids.slice(start, start + batchSize);
    try {
      const { dataList } = await wechat.getOpenData({ cloudidList: batch });
      const byId = new Map(dataList.map((item) => [item.cloudId, item.json]));
      batch.forEach((cloudId, i) => {
        const index = start + i;
        if (!byId.has(cloudId)) {
          unresolved.push({ cloudId, index, reason: "not_returned", detail: "" });
          return;
        }
        const outcome = phoneFromOpenData(byId.get(cloudId));
        if (outcome.ok) resolved.push({ cloudId, index, phone: outcome.phone });
        else unresolved.push({ cloudId, index, reason: outcome.reason, detail: outcome.detail });
      });
    } catch (error) {
      if (!isWechatError(error)) throw error;
      if (stopsTheJob(error.kind)) {
        stopped ??= new SourceError("sources.errors.wechat", {}, serializeWechatError(error));
        return;
      }
      const detail = `${error.code} ${error.errmsg}`.trim();
      batch.forEach((cloudId, i) => unresolved.push({ cloudId, index: start + i, reason: "call_failed", detail }));
    }
    processed += batch.length;
    await options.onProgress?.({ processed, resolved: resolved.length, unresolved: unresolved.length, total: ids.length });
  }

  async function worker() {
    while (!stopped && !options.signal?.aborted && next < batches) {
      const start = next++ * batchSize;
      await resolveBatch(start);
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, batches) }, worker));
  if (stopped) throw stopped;
  options.signal?.throwIfAborted();
  resolved.sort((a, b) => a.index - b.index);
  unresolved.sort((a, b) => a.index - b.index);
  return { resolved, unresolved };
}
