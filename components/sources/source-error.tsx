"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import type { SourceErrorJson } from "@/lib/audiences/sources/errors";

/** A source's failure in words the marketer can act on, with WeChat's own code and message underneath. */
export function SourceErrorAlert({ error }: { error: SourceErrorJson | { code: string; params?: Record<string, string | number> } }) {
  const t = useTranslations("sources.errors");
  const tw = useTranslations("wechat");
  const params = error.params ?? {};
  const wechat = "wechat" in error ? error.wechat : undefined;
  let text: string;
  if (error.code === "malformed_answer") {
    const problem = String(params.problem ?? "");
    text = `${t("malformed_answer")} ${t.has(`malformed.${problem}`) ? t(`malformed.${problem}`, params) : ""}`;
  } else if (error.code === "wechat" && wechat) {
    text = tw.has(wechat.messageKey) ? tw(wechat.messageKey) : tw("errors.default");
  } else if (t.has(error.code)) {
    text = t(error.code, params);
  } else {
    text = t("internal");
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
