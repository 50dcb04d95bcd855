import { WechatError } from "@/lib/wechat/errors";
import { storedFailure, type StoredFailure } from "./failure";
import type { SendSmsInput, SendSmsResult, SendSmsTaskReport } from "@/lib/wechat/types";

/**
 * What the sender needs from the WeChat client (lib/wechat): the two calls it makes, in lib/wechat's types.
 * Kept this small so the worker can be driven by the real client against the emulator or WeChat.
 */
export interface SmsApi {
  sendSms(req: SendSmsInput): Promise<SendSmsResult>;
  /** `phoneCount` is a string on the wire, as the API documents (CMS sent a number: a known bug). */
  reportSendSmsTask(req: Omit<SendSmsTaskReport, "reportAction" | "envId"> & { phoneCount: string }): Promise<void>;
}

/**
 * What a failed call means for the money. An errcode answer (or a refusal before the call) means
 * nothing was sent, so trying again is safe. A timeout, a dropped connection or a 5xx from a gateway
 * leaves us not knowing whether the SMS went out: lib/wechat marks those `uncertain`. Anything
 * unexpected is treated as uncertain too, since that is the side that never sends twice. Either way the failure
 * carries WeChat's errcode and errmsg (or our code for it), never a sentence: the page words it (lib/campaigns/failure.ts).
 */
export type SendFailure =
  | ({ kind: "refused"; errcode: number; retryable: boolean } & StoredFailure)
  | ({ kind: "uncertain" } & StoredFailure);

/** Refusals worth trying again later; config, parameter and quota problems are not fixed by waiting. */
const RETRYABLE_KINDS = new Set(["busy", "rate", "token", "network", "timeout"]);

export function classifySendFailure(err: unknown): SendFailure {
  if (err instanceof WechatError) {
    // Failing to get an access token happens before sendsms is called: nothing can have been sent.
    if (err.uncertain && err.api === "cloudbase.sendSms") return { kind: "uncertain", ...storedFailure(err) };
    if (err.uncertain) return { kind: "refused", errcode: err.code, retryable: true, ...storedFailure(err) };
    const retryable = RETRYABLE_KINDS.has(err.kind) || err.code === -1000;
    return { kind: "refused", errcode: err.code, retryable, ...storedFailure(err) };
  }
  return { kind: "uncertain", ...storedFailure(err) };
}
