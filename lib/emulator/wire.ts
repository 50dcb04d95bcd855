import { readLimitedText } from "@/lib/http";
/** The WeChat wire conventions every emulated endpoint shares: HTTP 200, JSON, errcode/errmsg. */

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

/** An errcode ≠ 0 answer. WeChat answers errors with HTTP 200 too. */
export function wechatError(errcode: number, errmsg: string): Response {
  return json({ errcode, errmsg });
}

export function ok(extra: Record<string, unknown> = {}): Response {
  return json({ errcode: 0, errmsg: "ok", ...extra });
}

/** Thrown anywhere inside an endpoint to answer with a WeChat error. */
export class WechatFailure extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${errcode} ${errmsg}`);
  }
}

/** -501007, the CloudBase "invalid parameter" error, with the reason in errmsg. */
export function invalidParameter(reason: string): WechatFailure {
  return new WechatFailure(-501007, `invalid parameter: ${reason}`);
}

export const ENV_MISMATCH = (env: string) => new WechatFailure(-601027, `invalid env: ${env}`);

/**
 * The most any emulated endpoint reads: a full sendSms (1000 numbers and the text) is about 30 KB. The token
 * endpoints take a few hundred bytes. Larger bodies are refused with HTTP 413 before they are parsed.
 */
export const MAX_API_BODY_BYTES = 1024 * 1024;
export const MAX_TOKEN_BODY_BYTES = 4 * 1024;

/** Reads a POST body as a JSON object: 44002 when empty, 47001 when it is not JSON (WeChat's "data format error"). */
export async function readJsonObject(req: Request, maxBytes = MAX_API_BODY_BYTES): Promise<Record<string, unknown>> {
  const text = await readLimitedText(req, maxBytes);
  if (text.trim() === "") throw new WechatFailure(44002, "empty post data");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WechatFailure(47001, "data format error: the body is not JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new WechatFailure(47001, "data format error: the body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** A required string field; -501007 naming the field otherwise. */
export function requireString(body: Record<string, unknown>, field: string, maxLength = 256): string {
  const v = body[field];
  if (v === undefined || v === null || v === "") throw invalidParameter(`${field} is required`);
  if (typeof v !== "string") throw invalidParameter(`${field} must be a string`);
  if (v.length > maxLength) throw invalidParameter(`${field} is longer than ${maxLength} characters`);
  return v;
}

export function optionalString(body: Record<string, unknown>, field: string, maxLength = 256): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === "") return undefined;
  return requireString(body, field, maxLength);
}

export function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** China time (UTC+8, no daylight saving): WeChat's statistics days. */
export const CHINA_OFFSET_SECONDS = 8 * 3600;

export function chinaDay(unixSeconds: number): number {
  return Math.floor((unixSeconds + CHINA_OFFSET_SECONDS) / 86400);
}

export function bucketOf(unixSeconds: number): number {
  return Math.floor(unixSeconds / 300);
}
