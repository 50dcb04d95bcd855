import { errorCode, type ErrorCode } from "@/lib/errors";
import type { WechatError } from "@/lib/wechat";

/**
 * Why a mini-program source could not give an audience. `code` is the message key of the sentence
 * (`sources.errors.<why>`, lib/errors.ts), `params` fills it; a WeChat failure also carries the WechatError's
 * JSON, whose `messageKey` has the sentence in the `wechat` namespace.
 */
export type SourceErrorCode = `sources.errors.${
  | "no_cloud_ids"
  | "too_many_cloud_ids"
  | "function_not_found"
  | "function_timeout"
  | "function_failed"
  | "malformed_answer"
  | "empty_answer"
  | "too_many_values"
  | "wechat"
  | "internal"}`;

export interface SerializedWechatError {
  code: number;
  kind: string;
  messageKey: string;
  errmsg: string;
  hint: string;
  api: string;
}

export interface SourceErrorJson {
  code: SourceErrorCode;
  params: Record<string, string | number>;
  wechat?: SerializedWechatError;
}

export class SourceError extends Error {
  constructor(
    readonly code: SourceErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly wechat?: SerializedWechatError,
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ""}${wechat ? `: ${wechat.hint}` : ""}`);
    this.name = "SourceError";
  }

  toJSON(): SourceErrorJson {
    return { code: this.code, params: this.params, ...(this.wechat ? { wechat: this.wechat } : {}) };
  }

  /** As the one error shape of actions and routes (lib/errors.ts): WeChat's errcode and errmsg travel as parameters. */
  toErrorCode(): ErrorCode {
    return errorCode(this.code, { ...this.params, ...(this.wechat ? { errcode: this.wechat.code, errmsg: this.wechat.errmsg } : {}) });
  }
}

/** A job's stored error; jobs that failed before codes were message keys kept the bare code (`no_cloud_ids`). */
export function storedSourceError(stored: unknown): SourceErrorJson | null {
  if (!stored || typeof stored !== "object" || typeof (stored as { code?: unknown }).code !== "string") return null;
  const error = stored as SourceErrorJson;
  return error.code.includes(".") ? error : { ...error, code: `sources.errors.${error.code}` as SourceErrorCode };
}

export function serializeWechatError(error: WechatError): SerializedWechatError {
  return { code: error.code, kind: error.kind, messageKey: error.messageKey, errmsg: error.errmsg, hint: error.hint, api: error.api };
}
