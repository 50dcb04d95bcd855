"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { wechatMessageKey } from "@/lib/wechat/errors";

/**
 * A stored failure: the sentence for its code in the reader's language, and under it, in grey, the stored detail
 * (WeChat's own errmsg, in whatever language WeChat wrote it). Sized by the text around it. A row stored before
 * codes has no sentence: its detail alone is shown.
 */
export function FailureText({ sentence, detail, testId }: { sentence: ReactNode; detail?: string | null; testId?: string }) {
  return (
    <>
      {sentence ? (
        <span className="block" data-testid={testId}>
          {sentence}
        </span>
      ) : null}
      {detail ? <span className="block break-words font-mono text-[0.9em] text-muted-foreground">{detail}</span> : null}
    </>
  );
}

/** A stored WeChat failure: the sentence for its errcode over WeChat's errmsg. */
export function WechatFailure({ code, detail, testId }: { code: number; detail?: string | null; testId?: string }) {
  const tw = useTranslations("wechat");
  return <FailureText sentence={tw(wechatMessageKey(code))} detail={detail} testId={testId} />;
}
