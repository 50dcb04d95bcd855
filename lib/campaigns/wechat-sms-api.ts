import { config } from "@/lib/config";
import type { SendStatus, SmsApi } from "./sms-api";

/**
 * A minimal HTTP client for the two calls the sender makes, used until lib/wechat lands on main.
 * Errors follow lib/wechat's shape: an errcode answer carries `errcode`; a transport failure carries
 * `kind` 'timeout' | 'network' | 'http' | 'parse' (and is never retried for sendSms).
 */
export class SmsTransportError extends Error {
  constructor(
    readonly kind: "timeout" | "network" | "http" | "parse",
    message: string,
  ) {
    super(message);
  }
}

export class SmsApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`errcode ${errcode}: ${errmsg}`);
  }
}

export interface HttpSmsApiOptions {
  apiBase: string;
  appId: string;
  secret: string;
  envId: string;
  timeoutMs?: number;
  fixedAccessToken?: string;
}

const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

export function createHttpSmsApi(o: HttpSmsApiOptions): SmsApi {
  const timeoutMs = o.timeoutMs ?? 30_000;
  let token: { value: string; until: number } | undefined;
  let refreshing: Promise<string> | undefined;

  async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await fetch(`${o.apiBase}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const name = (err as Error)?.name;
      if (name === "TimeoutError" || name === "AbortError") throw new SmsTransportError("timeout", `no answer within ${timeoutMs} ms`);
      throw new SmsTransportError("network", `connection failed: ${String((err as Error)?.message ?? err)}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new SmsTransportError("network", `connection dropped while reading the answer: ${String((err as Error)?.message ?? err)}`);
    }
    if (!res.ok) throw new SmsTransportError("http", `HTTP ${res.status}`);
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new SmsTransportError("parse", "the answer was not JSON");
    }
  }

  async function accessToken(): Promise<string> {
    if (o.fixedAccessToken) return o.fixedAccessToken;
    if (token && token.until > Date.now()) return token.value;
    refreshing ??= (async () => {
      try {
        const r = await post("/cgi-bin/stable_token", { grant_type: "client_credential", appid: o.appId, secret: o.secret, force_refresh: false });
        if (typeof r.errcode === "number" && r.errcode !== 0) throw new SmsApiError(r.errcode, String(r.errmsg ?? ""));
        const value = String(r.access_token);
        token = { value, until: Date.now() + (Number(r.expires_in ?? 7200) - 300) * 1000 };
        return value;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  async function call(path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const used = await accessToken();
      const r = await post(`${path}?access_token=${encodeURIComponent(used)}`, body);
      const errcode = typeof r.errcode === "number" ? r.errcode : 0;
      if (errcode === 0) return r;
      // A token error means the call was refused before anything was sent: safe to retry once.
      if (TOKEN_ERRCODES.has(errcode) && attempt === 0) {
        if (token?.value === used) token = undefined;
        continue;
      }
      throw new SmsApiError(errcode, String(r.errmsg ?? ""));
    }
  }

  return {
    async sendSms(req) {
      const r = await call("/tcb/sendsms", {
        env: o.envId,
        phone_number_list: req.phoneNumberList,
        sms_type: req.smsType,
        content: req.content,
        path: req.path,
        template_id: req.templateId,
        template_param_list: req.templateParamList,
        use_short_name: req.useShortName,
      });
      const list = Array.isArray(r.send_status_list) ? (r.send_status_list as Record<string, unknown>[]) : null;
      if (!list) throw new SmsTransportError("parse", "the answer had no send_status_list");
      const sendStatusList: SendStatus[] = list.map((s) => ({
        serialNo: String(s.serial_no ?? ""),
        phoneNumber: String(s.phone_number ?? ""),
        code: String(s.code ?? ""),
        message: String(s.message ?? ""),
        isoCode: String(s.iso_code ?? ""),
      }));
      return { sendStatusList };
    },
    async reportSendSmsTask(req) {
      await call("/tcb/cloudbasereport", {
        report_action: "sendSmsTask",
        env_id: o.envId,
        activity_id: req.activityId,
        task_id: req.taskId,
        phone_count: req.phoneCount,
      });
    },
  };
}

export function smsApiFromConfig(): SmsApi {
  const w = config().wechat;
  return createHttpSmsApi({ apiBase: w.apiBase, appId: w.appId, secret: w.secret, envId: w.envId, fixedAccessToken: w.fixedAccessToken });
}
