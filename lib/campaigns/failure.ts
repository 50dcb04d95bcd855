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
 * The per-number codes the results list words in the reader's language (messages/<locale>/campaigns.json,
 * `results.codes`), the one table of them: the two we write ourselves (the sender's claim and answer,
 * lib/campaigns/claim.ts), and those of WeChat's answer (Tencent Cloud SMS's SendStatus codes, documented in its SMS
 * API 3.0 error code list) that tell a marketer why a number got nothing. Any other per-number code is shown with
 * WeChat's own message; a refusal's errcode is worded by lib/wechat. `Serivce…` and `Unsuported…` are spelled as
 * Tencent Cloud spells them.
 */
export const WORDED_RECIPIENT_CODES = [
  "OptedOut",
  "NoStatus",
  "LimitExceeded.PhoneNumberDailyLimit",
  "LimitExceeded.PhoneNumberOneHourLimit",
  "LimitExceeded.PhoneNumberThirtySecondLimit",
  "LimitExceeded.PhoneNumberSameContentDailyLimit",
  "LimitExceeded.DeliveryFrequencyLimit",
  "LimitExceeded.AppDailyLimit",
  "LimitExceeded.AppMainlandChinaDailyLimit",
  "FailedOperation.PhoneNumberInBlacklist",
  "FailedOperation.InsufficientBalanceInSmsPackage",
  "FailedOperation.MarketingSendTimeConstraint",
  "FailedOperation.ContainSensitiveWord",
  "FailedOperation.SignatureIncorrectOrUnapproved",
  "FailedOperation.TemplateIncorrectOrUnapproved",
  "InvalidParameterValue.IncorrectPhoneNumber",
  "InvalidParameterValue.ContentLengthLimit",
  "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter",
  "UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny",
  "UnauthorizedOperation.SerivceSuspendDueToArrears",
  "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber",
  "UnsupportedOperation.UnsuportedRegion",
] as const;
export type WordedRecipientCode = (typeof WORDED_RECIPIENT_CODES)[number];

export function isWordedRecipientCode(code: string | null): code is WordedRecipientCode {
  return (WORDED_RECIPIENT_CODES as readonly (string | null)[]).includes(code);
}
