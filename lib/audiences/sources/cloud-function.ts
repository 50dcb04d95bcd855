import { isWechatError, type WechatClient } from "@/lib/wechat";
import { MAX_CLOUD_IDS } from "./cloudids";
import { SourceError, serializeWechatError } from "./errors";

/** What a segment function returned: phone numbers to use as they are, or cloudIDs to resolve. */
export type Segment = { kind: "phones"; values: string[] } | { kind: "cloudids"; values: string[] };

export interface CloudFunctionAnswer {
  segment: Segment;
  /** The function's answer as pretty JSON, cut to PREVIEW_CHARS, to show the marketer. */
  preview: string;
  previewTruncated: boolean;
}

export const PREVIEW_CHARS = 20_000;
/** The most numbers (or cloudIDs) one answer may hold. */
export const MAX_SEGMENT_VALUES = MAX_CLOUD_IDS;
/**
 * HTTP-triggered functions are stopped by WeChat after 5 s; waiting a little longer lets WeChat's own
 * timeout answer arrive instead of ours.
 */
const CALL_TIMEOUT_MS = 8_000;

const PHONE_KEYS = ["phoneNumbers", "phone_numbers", "phones", "phoneList", "phone_list", "mobiles"];
const CLOUD_ID_KEYS = ["cloudIDs", "cloudIds", "cloudids", "cloud_ids", "cloudIdList", "cloudid_list", "cloudIDList"];
const PHONE_FIELDS = ["phoneNumber", "phone_number", "phone", "mobile", "purePhoneNumber"];
const CLOUD_ID_FIELDS = ["cloudID", "cloudId", "cloud_id"];
const WRAPPERS = ["data", "result"];
const PHONE_LIKE = /^[+\d\s\-()]+$/;

function malformed(problem: string, params: Record<string, string | number> = {}): SourceError {
  return new SourceError("sources.errors.malformed_answer", { problem, ...params });
}

/** Strings, or 11-digit numbers a function wrote as JSON numbers. */
function listOfText(list: unknown[], key: string): string[] {
  return list.map((value, i) => {
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isInteger(value)) return String(value);
    throw malformed("not_text", { key, position: i + 1 });
  });
}

/** A list of objects, each with a phone field or a cloudID field. */
function listOfRecords(list: Record<string, unknown>[], key: string): Segment {
  const phoneField = PHONE_FIELDS.find((f) => f in list[0]);
  const cloudIdField = CLOUD_ID_FIELDS.find((f) => f in list[0]);
  const field = phoneField ?? cloudIdField;
  if (!field) throw malformed("no_field", { key, fields: Object.keys(list[0]).slice(0, 8).join(", ") });
  const values = listOfText(
    list.map((item) => (item && typeof item === "object" ? item[field] : item)),
    `${key}[].${field}`,
  );
  return { kind: phoneField ? "phones" : "cloudids", values };
}

function fromList(list: unknown[], key: string, kind?: Segment["kind"]): Segment {
  if (list.length === 0) throw new SourceError("sources.errors.empty_answer", { key });
  if (list.length > MAX_SEGMENT_VALUES) throw new SourceError("sources.errors.too_many_values", { count: list.length, max: MAX_SEGMENT_VALUES });
  if (list[0] !== null && typeof list[0] === "object" && !Array.isArray(list[0])) return listOfRecords(list as Record<string, unknown>[], key);
  const values = listOfText(list, key);
  if (kind) return { kind, values };
  // A bare list: numbers look like numbers, cloudIDs do not.
  const phoneLike = values.filter((v) => PHONE_LIKE.test(v)).length;
  return { kind: phoneLike * 2 > values.length ? "phones" : "cloudids", values };
}

/**
 * Reads the segment out of a function's return value. Accepted shapes: a list (of numbers, cloudIDs, or
 * objects with `phoneNumber` / `cloudID`), or an object with `phoneNumbers` / `phones` or `cloudIDs` /
 * `cloudIds`, possibly inside `data` or `result`. Anything else is a `malformed_answer` naming the problem.
 */
export function segmentFromAnswer(answer: unknown, depth = 0): Segment {
  if (typeof answer === "string") throw malformed("not_json");
  if (answer === null || answer === undefined) throw malformed("null");
  if (Array.isArray(answer)) return fromList(answer, "[]");
  if (typeof answer !== "object") throw malformed("not_object", { type: typeof answer });
  const record = answer as Record<string, unknown>;
  for (const [keys, kind] of [
    [PHONE_KEYS, "phones"],
    [CLOUD_ID_KEYS, "cloudids"],
  ] as const) {
    const key = keys.find((k) => k in record);
    if (key === undefined) continue;
    const list = record[key];
    if (!Array.isArray(list)) throw malformed("not_list", { key });
    return fromList(list, key, kind);
  }
  if (depth === 0) {
    const wrapper = WRAPPERS.find((k) => record[k] !== null && typeof record[k] === "object");
    if (wrapper) return segmentFromAnswer(record[wrapper], 1);
  }
  throw malformed("no_list", { keys: Object.keys(record).slice(0, 8).join(", ") || "—" });
}

function previewOf(answer: unknown): { preview: string; previewTruncated: boolean } {
  const text = typeof answer === "string" ? answer : JSON.stringify(answer, null, 2) ?? String(answer);
  return { preview: text.slice(0, PREVIEW_CHARS), previewTruncated: text.length > PREVIEW_CHARS };
}

const NOT_FOUND = /ResourceNotFound|not ?found|不存在/i;

/**
 * Calls the cloud function with `input` and reads a segment from its answer. The failures a marketer can act on
 * are SourceErrors: `function_not_found`, `function_timeout` (the 5-second limit), `function_failed`,
 * `malformed_answer` (with the answer's preview in `params.preview`), `empty_answer`; others are `wechat`.
 */
export async function callSegmentFunction(wechat: WechatClient, name: string, input: unknown): Promise<CloudFunctionAnswer> {
  let respData: unknown;
  try {
    ({ respData } = await wechat.invokeCloudFunction({ name, data: input }, { timeoutMs: CALL_TIMEOUT_MS }));
  } catch (error) {
    if (!isWechatError(error)) throw error;
    const wechatError = serializeWechatError(error);
    if (error.kind === "timeout") throw new SourceError("sources.errors.function_timeout", { name }, wechatError);
    if (error.code === -501000 || (error.code <= -501000 && NOT_FOUND.test(error.errmsg))) throw new SourceError("sources.errors.function_not_found", { name }, wechatError);
    if (error.code === -504002) throw new SourceError("sources.errors.function_failed", { name, errmsg: error.errmsg }, wechatError);
    throw new SourceError("sources.errors.wechat", { name }, wechatError);
  }
  const shown = previewOf(respData);
  try {
    return { segment: segmentFromAnswer(respData), ...shown };
  } catch (error) {
    if (error instanceof SourceError) throw new SourceError(error.code, { ...error.params, name, preview: shown.preview.slice(0, 2000) });
    throw error;
  }
}
