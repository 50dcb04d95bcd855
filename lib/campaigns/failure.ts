import { isWechatError } from "@/lib/wechat/errors";

/**
 * Why a batch or a task's report failed, as stored (`send_batches.error_code`, `send_tasks.report_error_code`), so
 * the page says it in the reader's language: WeChat's errcode as a decimal string ("45011"; lib/wechat's own codes
 * for a timeout or a dropped connection, "-90001"), or one of ours. Beside it, the detail is stored as it came
 * (WeChat's errmsg), never a sentence of ours.
 */
export type FailureCode = `${number}` | "workerStopped" | "unexpected";

export interface StoredFailure {
  code: FailureCode;
  detail: string | null;
}

/** A failed call as stored: WeChat's errcode with its errmsg, or `unexpected` with the error's own text. */
export function storedFailure(err: unknown): StoredFailure {
  if (isWechatError(err)) return { code: `${err.code}`, detail: err.errmsg || null };
  return { code: "unexpected", detail: String((err as Error)?.message ?? err) };
}

/** A batch still in flight when its lease ran out: its worker stopped (or hung) mid-call. */
export const WORKER_STOPPED: StoredFailure = { code: "workerStopped", detail: null };

/** WeChat's errcode in a stored code, or null for none, one of ours, or a per-number code such as `LimitExceeded.…`. */
export function wechatErrcode(code: string | null): number | null {
  return code !== null && /^-?\d+$/.test(code) ? Number(code) : null;
}

/**
 * The per-number codes we write ourselves (the sender's claim and answer, lib/campaigns/claim.ts), whose stored
 * English message the results list replaces with a sentence; every other code is WeChat's, with WeChat's message.
 */
export const OWN_RECIPIENT_CODES = ["OptedOut", "NoStatus"] as const;
export type OwnRecipientCode = (typeof OWN_RECIPIENT_CODES)[number];

export function isOwnRecipientCode(code: string | null): code is OwnRecipientCode {
  return (OWN_RECIPIENT_CODES as readonly (string | null)[]).includes(code);
}
