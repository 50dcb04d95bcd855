"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { useErrorText } from "@/components/use-action";
import type { SourceErrorJson } from "@/lib/audiences/sources/errors";
import type { ErrorCode } from "@/lib/errors";

/** A source's failure in words the marketer can act on, with WeChat's own code and message underneath. */
export function SourceErrorAlert({ error }: { error: SourceErrorJson | ErrorCode }) {
  const t = useTranslations("sources.errors");
  const tw = useTranslations("wechat");
  const errorText = useErrorText();
  const params = error.params ?? {};
  const wechat = "wechat" in error ? error.wechat : undefined;
  let text: string;
  if (error.code === "sources.errors.malformed_answer") {
    const problem = String(params.problem ?? "");
    text = `${t("malformed_answer")} ${t.has(`malformed.${problem}`) ? t(`malformed.${problem}`, params) : ""}`;
  } else if (error.code === "sources.errors.wechat" && wechat) {
    text = tw.has(wechat.messageKey) ? tw(wechat.messageKey) : tw("errors.default");
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
