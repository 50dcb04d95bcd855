"use client";

import { CheckCircle2, PlugZap, XCircle } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { testConnectionAction } from "@/app/(app)/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/use-action";
import type { ConnectionTestResult } from "@/lib/settings/connection-test";

/** Codes with a specific "what to do" sentence in settings.connection.fix; the rest get the general one. */
const FIXES = new Set([40001, 40013, 40014, 40125, 40164, 41002, 41004, 48001, 85088, -601027, -90001, -90002, -90003, -90004]);

export function ConnectionTest() {
  const t = useTranslations("settings.connection");
  const tw = useTranslations("wechat");
  const format = useFormatter();
  const test = useAction(testConnectionAction);
  const { pending, error: failure } = test;
  const result: ConnectionTestResult | null = failure ? null : (test.data ?? null);
  const run = () => test.run({});

  const problem = result?.problem;
  const failedStep = result?.steps.find((s) => !s.ok);
  return (
    <div className="space-y-3" data-testid="connection-test">
      <Button onClick={run} disabled={pending} data-testid="connection-test-button">
        <PlugZap className="h-4 w-4" aria-hidden />
        {pending ? t("test.running") : t("test.button")}
      </Button>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {result ? (
        <div data-testid="connection-test-result" data-ok={String(result.ok)} className="space-y-3">
          <ol className="space-y-1 text-sm">
            {result.steps.map((step) => (
              <li key={step.name} className="flex items-center gap-2">
                {step.ok ? <CheckCircle2 className="h-4 w-4 text-success" aria-hidden /> : <XCircle className="h-4 w-4 text-destructive" aria-hidden />}
                <span>{t(`test.steps.${step.name}`)}</span>
                <span className="text-muted-foreground">{t("test.ms", { ms: step.ms })}</span>
              </li>
            ))}
          </ol>
          {result.ok ? (
            <Alert tone="success" title={t("test.ok")}>
              {t("test.okDetail", { at: format.dateTime(new Date(result.testedAt), "seconds") })}
            </Alert>
          ) : problem ? (
            <Alert tone="error" title={t("test.failed", { step: t(`test.steps.${failedStep?.name ?? "token"}`), code: problem.code })}>
              <p className="text-foreground" data-testid="connection-problem">
                {tw.has(problem.messageKey) ? tw(problem.messageKey) : tw("errors.default")}
              </p>
              <p className="mt-2">
                <span className="font-medium text-foreground">{t("test.whatToDo")} </span>
                {FIXES.has(problem.code) ? t(`fix.${problem.code}`) : t("fix.default")}
              </p>
              {problem.errmsg ? (
                <p className="mt-2 break-all font-mono text-xs">
                  {t("test.wechatSaid")} {problem.errmsg}
                </p>
              ) : null}
            </Alert>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
