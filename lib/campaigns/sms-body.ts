import { smsPath } from "@/lib/activities/links";
import type { SmsType } from "@/lib/db/schema/campaigns";
import type { MarketingSms, NotificationSms } from "@/lib/wechat/types";
import type { SmsBodyInput } from "./compose";

/**
 * What one campaign sends to every number, in lib/wechat's own words: a marketing text with its link, or a
 * notification template with its parameters. `{ ...body, phoneNumberList, useShortName }` is a sendSms call.
 */
export type SmsBody = Pick<MarketingSms, "smsType" | "content" | "path"> | Pick<NotificationSms, "smsType" | "templateId" | "templateParamList">;

/** How a send task stores its body: one set of columns per kind, the other kind's null. */
export interface SmsBodyColumns {
  smsType: SmsType;
  content: string | null;
  path: string | null;
  templateId: string | null;
  templateParams: string[] | null;
}

/** The compose form's fields as the body they describe; a marketing SMS links to the activity's landing page. */
export function smsBodyFromForm(input: Pick<SmsBodyInput, "activityId" | "smsType" | "content" | "templateId" | "templateParams">): SmsBody {
  return input.smsType === "Marketing"
    ? { smsType: "Marketing", content: input.content, path: smsPath(input.activityId) }
    : { smsType: "Notification", templateId: input.templateId, templateParamList: input.templateParams };
}

export function smsBodyColumns(body: SmsBody): SmsBodyColumns {
  return body.smsType === "Marketing"
    ? { smsType: "Marketing", content: body.content, path: body.path, templateId: null, templateParams: null }
    : { smsType: "Notification", content: null, path: null, templateId: body.templateId, templateParams: body.templateParamList };
}

export function smsBodyOf(columns: SmsBodyColumns): SmsBody {
  return columns.smsType === "Marketing"
    ? { smsType: "Marketing", content: columns.content ?? "", path: columns.path ?? "" }
    : { smsType: "Notification", templateId: columns.templateId ?? "", templateParamList: columns.templateParams ?? [] };
}
