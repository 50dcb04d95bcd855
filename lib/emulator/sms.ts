import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { ActivityKeys, H5, scheduleVisits, visitorHash, WXAPP, type Visit } from "./events";
import type { Simulation } from "./settings";
import { planRecipients, ratesForContent } from "./simulation";
import { ENV_MISMATCH, invalidParameter, optionalString, requireString } from "./wire";
import { SMS_CHANNEL } from "@/lib/statistics/rows";

const MAX_NUMBERS = 1000;
const MAX_CONTENT = 30;
const PHONE = /^\+86\d{11}$/;

/** Realistic per-number failures (Tencent Cloud SMS codes), for the share set by failureRate. */
const FAILURES = [
  { code: "LimitExceeded.PhoneNumberDailyLimit", message: "the number of sms messages sent from a single mobile number every day exceeds the upper limit" },
  { code: "FailedOperation.PhoneNumberInBlacklist", message: "the mobile number is in the blacklist" },
  { code: "LimitExceeded.PhoneNumberThirtySecondLimit", message: "the number of sms messages sent from a single mobile number within 30 seconds exceeds the upper limit" },
] as const;

export interface SendStatus {
  serial_no: string;
  phone_number: string;
  code: string;
  message: string;
  iso_code: string;
}

interface SendSmsRequest {
  env: string;
  phones: string[];
  smsType: "Marketing" | "Notification";
  content?: string;
  path?: string;
  templateId?: string;
  templateParams?: string[];
}

/** Validates a sendSms body with the real service's rules; -501007 with the reason otherwise. */
export function parseSendSms(body: Record<string, unknown>, envId: string): SendSmsRequest {
  const env = requireString(body, "env", 128);
  if (env !== envId) throw ENV_MISMATCH(env);
  const list = body.phone_number_list;
  if (!Array.isArray(list) || list.length === 0) throw invalidParameter("phone_number_list must be a non-empty array");
  if (list.length > MAX_NUMBERS) throw invalidParameter(`phone_number_list has ${list.length} numbers; at most ${MAX_NUMBERS} per call`);
  for (const p of list) {
    if (typeof p !== "string" || !PHONE.test(p)) {
      throw invalidParameter(`phone number ${JSON.stringify(p)} is invalid: it must be +86 followed by 11 digits`);
    }
  }
  const smsType = body.sms_type ?? "Marketing";
  if (smsType !== "Marketing" && smsType !== "Notification") throw invalidParameter(`sms_type must be Marketing or Notification`);
  if (body.use_short_name !== undefined && typeof body.use_short_name !== "boolean") throw invalidParameter("use_short_name must be a boolean");
  optionalString(body, "resource_appid", 64);
  if (smsType === "Marketing") {
    const content = requireString(body, "content", 1000);
    if ([...content].length > MAX_CONTENT) throw invalidParameter(`content is ${[...content].length} characters; at most ${MAX_CONTENT}`);
    const path = body.path;
    if (path === undefined || path === null || path === "") throw invalidParameter("path is required for Marketing sms");
    const p = requireString(body, "path", 1024);
    if (!p.startsWith("/")) throw invalidParameter("path must start with / (a path on the environment's static website, without the domain)");
    return { env, phones: list as string[], smsType, content, path: p };
  }
  const templateId = body.template_id;
  if (templateId === undefined || templateId === null || templateId === "") throw invalidParameter("template_id is required for Notification sms");
  const tid = requireString(body, "template_id", 64);
  const params = body.template_param_list;
  if (!Array.isArray(params) || params.some((x) => typeof x !== "string")) {
    throw invalidParameter("template_param_list is required for Notification sms and must be an array of strings");
  }
  return { env, phones: list as string[], smsType, templateId: tid, templateParams: params as string[] };
}

function serialNo(now: Date): string {
  const ymd = now.toISOString().slice(0, 10).replace(/-/g, "");
  return `2:${crypto.randomBytes(15).toString("base64url").slice(0, 19)}${ymd}`;
}

/** The activity and channel a landing-page path carries (`/index.html?activityId=…&source=…`). */
export function attributionFromPath(path: string): { activityId: string; channelId: string } | undefined {
  const q = new URL(path, "http://static.invalid").searchParams;
  const activityId = q.get("activityId") ?? q.get("_activityId_");
  if (!activityId) return undefined;
  return { activityId, channelId: q.get("source") ?? q.get("_source_") ?? SMS_CHANNEL };
}

export async function sendSms(
  deps: { db: Db; keys: ActivityKeys; appId: string; now: Date; simulation: Simulation },
  req: SendSmsRequest,
): Promise<SendStatus[]> {
  const { db, now, simulation } = deps;
  const statuses: SendStatus[] = req.phones.map((phone) => {
    const failure = Math.random() < simulation.failureRate ? FAILURES[Math.floor(Math.random() * FAILURES.length)] : undefined;
    return {
      serial_no: serialNo(now),
      phone_number: phone,
      code: failure?.code ?? "Ok",
      message: failure?.message ?? "send success",
      iso_code: "CN",
    };
  });
  const attribution = req.path ? attributionFromPath(req.path) : undefined;
  await db.execute(sql`
    insert into emu_sms (serial_no, env_id, phone_number, sms_type, content, path, template_id, template_params,
                         activity_id, channel_id, code, message, sent_at)
    select s, ${req.env}, p, ${req.smsType}, ${req.content ?? null}, ${req.path ?? null}, ${req.templateId ?? null},
           ${req.templateParams ? JSON.stringify(req.templateParams) : null}::jsonb,
           ${attribution?.activityId ?? null}, ${attribution?.channelId ?? null}, c, m, ${now.toISOString()}::timestamptz
    from unnest(${sql.param(statuses.map((s) => s.serial_no))}::text[], ${sql.param(statuses.map((s) => s.phone_number))}::text[],
                ${sql.param(statuses.map((s) => s.code))}::text[], ${sql.param(statuses.map((s) => s.message))}::text[]) as t(s, p, c, m)`);

  if (req.smsType === "Marketing" && attribution && simulation.enabled) {
    const delivered = statuses.filter((s) => s.code === "Ok").length;
    const planned = planRecipients(delivered, now, ratesForContent(simulation, req.content ?? ""), deps.appId);
    if (planned.length > 0) {
      const activityKey = await deps.keys.ensure(req.env, attribution.activityId);
      const visits: Visit[] = [];
      for (const p of planned) {
        visits.push({ activityKey, kind: H5, channelId: attribution.channelId, visitor: visitorHash(p.sessionId), at: p.openAt });
        if (p.openid && p.jumpAt) visits.push({ activityKey, kind: WXAPP, channelId: attribution.channelId, visitor: visitorHash(p.openid), at: p.jumpAt });
      }
      await scheduleVisits(db, visits);
    }
  }
  return statuses;
}

export interface RecordedSms {
  phone: string;
  channelId: string | null;
  content: string | null;
  code: string;
  sentAt: string;
}

/** What sendSms recorded for an activity, oldest first (`GET /_control/sms?activityId=`): tests check sends over HTTP. */
export async function listRecordedSms(db: Db, envId: string, activityId: string, limit = 100_000): Promise<RecordedSms[]> {
  const r = await db.execute<{ phone_number: string; channel_id: string | null; content: string | null; code: string; sent_at: Date | string }>(sql`
    select phone_number, channel_id, content, code, sent_at from emu_sms
    where env_id = ${envId} and activity_id = ${activityId}
    order by sent_at, serial_no limit ${limit}`);
  return r.rows.map((x) => ({ phone: x.phone_number, channelId: x.channel_id, content: x.content, code: x.code, sentAt: new Date(x.sent_at).toISOString() }));
}
