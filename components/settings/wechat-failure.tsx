"use client";

import { useTranslations } from "next-intl";
import { wechatMessageKey } from "@/lib/wechat/errors";

/**
 * A stored WeChat failure: the sentence for its errcode in the reader's language, and under it, in grey, the stored
 * detail (WeChat's own errmsg, in whatever language WeChat wrote it). Sized by the text around it.
 */
export function WechatFailure({ code, detail, testId }: { code: number; detail?: string | null; testId?: string }) {
  const tw = useTranslations("wechat");
  return (
    <>
      <span className="block" data-testid={testId}>
        {tw(wechatMessageKey(code))}
      </span>
      {detail ? <span className="block break-words font-mono text-[0.9em] text-muted-foreground">{detail}</span> : null}
    </>
  );
}
