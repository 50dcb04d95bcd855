"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { useErrorText } from "@/components/use-action";
import type { SourceErrorJson } from "@/lib/audiences/sources/errors";
import type { ErrorCode } from "@/lib/errors";
import { wechatMessageKey } from "@/lib/wechat/errors";

/** A source's failure in words the marketer can act on, with WeChat's own code and message underneath. */
export function SourceErrorAlert({ error }: { error: SourceErrorJson | ErrorCode }) {
  const t = useTranslations("sources.errors");
  const tw = useTranslations("wechat");
  const errorText = useErrorText();
  const params = error.params ?? {};
  const wechat = wechatFailureOf(error);
  let text: string;
  if (error.code === "sources.errors.malformed_answer") {
    const problem = String(params.problem ?? "");
    text = `${t("malformed_answer")} ${t.has(`malformed.${problem}`) ? t(`malformed.${problem}`, params) : ""}`;
  } else if (error.code === "sources.errors.wechat" && wechat) {
    const sentence = tw.has(wechat.messageKey) ? tw(wechat.messageKey) : tw("errors.default");
    text = typeof params.name === "string" ? t("wechatCalling", { name: params.name, sentence }) : sentence;
  } else {
    text = errorText(error);
  }
  return (
    <Alert tone="error" title={t("title")}>
      <p className="text-foreground" data-testid="source-error" data-code={error.code}>
        {text}
      </p>
      {wechat ? (
        <p className="mt-2 break-all font-mono text-xs">
          {t("wechatSaid", { code: wechat.code })} {wechat.errmsg}
        </p>
      ) : null}
    </Alert>
  );
}

/**
 * WeChat's part of a failure: a stored job's error carries it whole (`wechat`), an action's failure as the
 * `errcode` and `errmsg` parameters (SourceError.toErrorCode).
 */
function wechatFailureOf(error: SourceErrorJson | ErrorCode): { code: number; errmsg: string; messageKey: string } | undefined {
  if ("wechat" in error && error.wechat) return error.wechat;
  const { errcode, errmsg = "" } = error.params ?? {};
  if (typeof errcode !== "number") return undefined;
  return { code: errcode, errmsg: String(errmsg), messageKey: wechatMessageKey(errcode, String(errmsg)) };
}
