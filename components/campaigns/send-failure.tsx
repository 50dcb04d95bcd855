"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { FailureText, WechatFailure } from "@/components/wechat-failure";
import { isWordedRecipientCode, wechatErrcode } from "@/lib/campaigns/failure";
import { wechatMessageKey } from "@/lib/wechat/errors";

/** Why a batch is uncertain or failed, a report failed or a test send went wrong (lib/campaigns/failure.ts): WeChat's errcode or one of ours, over the detail. */
export function SendFailure({ code, detail, testId }: { code: string | null; detail: string | null; testId?: string }) {
  const t = useTranslations("campaigns");
  const errcode = wechatErrcode(code);
  if (errcode !== null) return <WechatFailure code={errcode} detail={detail} testId={testId} />;
  return <FailureText sentence={code ? t(`failures.${code}`) : null} detail={detail} testId={testId} />;
}

/**
 * The sentence for a number's answer code in the reader's language: a worded code's (lib/campaigns/failure.ts) or a
 * refusal errcode's (lib/wechat); null for any other code, which only WeChat's own message explains.
 */
export function useCodeSentence(): (code: string) => string | null {
  const t = useTranslations("campaigns.results");
  const tw = useTranslations("wechat");
  return useCallback(
    (code: string) => {
      if (isWordedRecipientCode(code)) return t(`codes.${code}`);
      const errcode = wechatErrcode(code);
      return errcode !== null ? tw(wechatMessageKey(errcode)) : null;
    },
    [t, tw],
  );
}

/**
 * What one number's answer means in the results list: a worded code as its sentence (the stored English message is
 * for the CSV), a refusal's errcode as WeChat's sentence over its errmsg, any other code with WeChat's own message.
 */
export function RecipientMessage({ code, message }: { code: string | null; message: string | null }) {
  const sentence = useCodeSentence();
  const errcode = wechatErrcode(code);
  if (errcode !== null) return <WechatFailure code={errcode} detail={message} />;
  return <>{(code ? sentence(code) : null) ?? message ?? ""}</>;
}
