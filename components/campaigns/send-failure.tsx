"use client";

import { useTranslations } from "next-intl";
import { FailureText, WechatFailure } from "@/components/wechat-failure";
import { isOwnRecipientCode, wechatErrcode } from "@/lib/campaigns/failure";

/** Why a batch is uncertain or a report failed (lib/campaigns/failure.ts): WeChat's errcode or one of ours, over the detail. */
export function SendFailure({ code, detail, testId }: { code: string | null; detail: string | null; testId?: string }) {
  const t = useTranslations("campaigns");
  const errcode = wechatErrcode(code);
  if (errcode !== null) return <WechatFailure code={errcode} detail={detail} testId={testId} />;
  return <FailureText sentence={code ? t(`failures.${code}`) : null} detail={detail} testId={testId} />;
}

/**
 * What one number's answer means: our own codes as a sentence (their stored English message is for the CSV), a refusal's
 * errcode as WeChat's sentence over its errmsg, and WeChat's per-number codes with WeChat's own message.
 */
export function RecipientMessage({ code, message }: { code: string | null; message: string | null }) {
  const t = useTranslations("campaigns");
  if (isOwnRecipientCode(code)) return <>{t(`results.codes.${code}`)}</>;
  const errcode = wechatErrcode(code);
  if (errcode !== null) return <WechatFailure code={errcode} detail={message} />;
  return <>{message ?? ""}</>;
}
