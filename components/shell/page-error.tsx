"use client";

import { AlertTriangle, RotateCw } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";

/**
 * What a page shows when it failed to load (the database or WeChat did not answer while the server rendered
 * it): what happened, a retry that loads it again from the server, and the reference the server log has.
 */
export function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("common.errorPage");
  const [retrying, startRetry] = useTransition();
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div role="alert" data-testid="page-error" className="flex min-h-[50vh] flex-col items-center justify-center gap-3 px-6 text-center">
      <AlertTriangle className="h-10 w-10 text-destructive" aria-hidden />
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="max-w-md text-sm text-muted-foreground">{t("text")}</p>
      {digest ? <p className="font-mono text-xs text-muted-foreground">{t("reference", { digest })}</p> : null}
      <div className="mt-2 flex flex-wrap justify-center gap-2">
        <Button onClick={() => startRetry(() => retry())} disabled={retrying} data-testid="page-error-retry">
          <RotateCw className={retrying ? "h-4 w-4 animate-spin" : "h-4 w-4"} aria-hidden />
          {t("retry")}
        </Button>
        <Link href="/analytics/overview" className="inline-flex h-9 items-center rounded-md px-4 text-sm font-medium hover:bg-muted">
          {t("back")}
        </Link>
      </div>
    </div>
  );
}
