/**
 * How an SMS reads on the phone and what it costs (WECHAT-NOTES.md, "Chinese marketing-SMS rules"):
 * signature with its 【】 + body + link + opt-out text; every character counts 1; up to 70 is one
 * SMS, longer is billed in 67-character segments.
 */

export const SINGLE_SMS_LIMIT = 70;
export const SEGMENT_LENGTH = 67;
export const MARKETING_CONTENT_LIMIT = 30;
/** The signature is the mini-program name unless it is longer than this, then its short name. */
export const SIGNATURE_NAME_LIMIT = 12;
/**
 * WeChat fills the link in itself (a short link on tcbe.cn); its length is what matters for the count,
 * so the preview uses one of the same shape.
 */
export const PREVIEW_LINK = "https://tcbe.cn/XXXXXXXX";

export interface SignatureSettings {
  name: string;
  shortName: string;
  useShortName: boolean;
}

/** The name inside 【】 and whether sendSms must be asked for the short name. */
export function resolveSignature(s: SignatureSettings): { signature: string; useShortName: boolean } {
  const useShortName = Boolean(s.shortName) && (s.useShortName || [...s.name].length > SIGNATURE_NAME_LIMIT);
  return { signature: useShortName ? s.shortName : s.name, useShortName };
}

export type SmsBody =
  | { smsType: "Marketing"; content: string; link?: string }
  | { smsType: "Notification"; templateText?: string; params: string[] };

/** The text of the SMS as the recipient's phone shows it. */
export function composeSms(signature: string, body: SmsBody, optOutText: string): string {
  if (body.smsType === "Marketing") {
    // WeChat's marketing template is "{1},跳转小程序 {2} <opt-out>" (seed document 002).
    return `【${signature}】${body.content},跳转小程序 ${body.link ?? PREVIEW_LINK} ${optOutText}`.trimEnd();
  }
  const text = body.templateText
    ? body.templateText.replace(/\{(\d+)\}/g, (whole, n: string) => body.params[Number(n) - 1] ?? whole)
    : body.params.join(" ");
  return `【${signature}】${text}`;
}

/** Every character counts 1, whatever its width (Chinese, Latin, digits, punctuation, emoji). */
export function smsLength(text: string): number {
  return [...text].length;
}

export function smsSegments(text: string): number {
  const length = smsLength(text);
  if (length === 0) return 0;
  return length <= SINGLE_SMS_LIMIT ? 1 : Math.ceil(length / SEGMENT_LENGTH);
}

export interface SmsEstimate {
  text: string;
  length: number;
  segments: number;
  recipients: number;
  billedMessages: number;
}

export function estimateSms(text: string, recipients: number): SmsEstimate {
  const segments = smsSegments(text);
  return { text, length: smsLength(text), segments, recipients, billedMessages: segments * recipients };
}
