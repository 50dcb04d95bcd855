/**
 * What the sender needs from the WeChat client (lib/wechat): the two calls it makes, in camelCase.
 * Kept this small so the worker can be driven by the real client against the emulator or WeChat.
 */
export interface SendSmsRequest {
  phoneNumberList: string[];
  smsType: "Marketing" | "Notification";
  content?: string;
  path?: string;
  templateId?: string;
  templateParamList?: string[];
  useShortName?: boolean;
}

export interface SendStatus {
  serialNo: string;
  phoneNumber: string;
  code: string;
  message: string;
  isoCode?: string;
}

export interface SendSmsTaskReport {
  activityId: string;
  taskId: string;
  /** A string on the wire, as the API documents (CMS sent a number: a known bug). */
  phoneCount: string;
}

export interface SmsApi {
  sendSms(req: SendSmsRequest): Promise<{ sendStatusList: SendStatus[] }>;
  reportSendSmsTask(req: SendSmsTaskReport): Promise<void>;
}

/**
 * What a failed call means for the money. An errcode answer means WeChat refused the whole call, so
 * nothing was sent and trying again is safe. Anything else (timeout, dropped connection, a reply we
 * cannot read) leaves us not knowing whether the SMS went out.
 */
export type SendFailure =
  | { kind: "refused"; errcode: number; message: string; retryable: boolean }
  | { kind: "uncertain"; message: string };

/** errcodes worth trying again later; the rest are configuration or input problems a retry won't fix. */
const RETRYABLE_ERRCODES = new Set([-1, 45011, -1000]);

export function classifySendFailure(err: unknown): SendFailure {
  const e = err as { errcode?: unknown; kind?: unknown; message?: unknown; errmsg?: unknown } | null;
  const message = String(e?.errmsg ?? e?.message ?? err);
  const transport = e?.kind === "timeout" || e?.kind === "network" || e?.kind === "http" || e?.kind === "parse";
  if (e && typeof e.errcode === "number" && e.errcode !== 0 && !transport) {
    return { kind: "refused", errcode: e.errcode, message, retryable: RETRYABLE_ERRCODES.has(e.errcode) };
  }
  return { kind: "uncertain", message };
}
