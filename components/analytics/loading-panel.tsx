"use client";

import { AlertTriangle, Inbox, RotateCw, Settings2 } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { asFailure } from "@/components/use-action";
import type { AnalyticsProblem } from "@/lib/analytics/schemas";
import { WechatError } from "@/lib/wechat/errors";

/** The part of a TanStack Query result a panel needs. */
export interface PanelQuery<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isFetching: boolean;
  refetch: () => unknown;
}

export interface EmptyContent {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
}

/**
 * The one place that decides what a panel shows: a skeleton shaped like the content while loading, an error
 * that says what happened and what to do, an empty state that says why, or the content.
 */
export function LoadingPanel<T>({
  query,
  isEmpty,
  skeleton,
  empty,
  children,
  className,
}: {
  query: PanelQuery<T>;
  isEmpty?: (data: T) => boolean;
  skeleton: ReactNode;
  empty?: EmptyContent;
  children: (data: T) => ReactNode;
  className?: string;
}) {
  const state = query.data === undefined ? (query.error ? "error" : "loading") : isEmpty?.(query.data) ? "empty" : "content";
  return (
    <div data-panel-state={state} aria-busy={state === "loading"} className={cn("relative", className)}>
      {state === "loading" ? skeleton : null}
      {state === "error" ? <PanelError error={query.error} onRetry={() => query.refetch()} retrying={query.isFetching} /> : null}
      {state === "empty" ? <PanelEmpty {...(empty ?? {})} /> : null}
      {state === "content" ? (
        <>
          {query.error ? <PanelError compact error={query.error} onRetry={() => query.refetch()} retrying={query.isFetching} /> : null}
          {children(query.data as T)}
        </>
      ) : null}
    </div>
  );
}

function PanelEmpty({ title, description, action }: Partial<EmptyContent>) {
  const t = useTranslations("analytics.states");
  return (
    <div className="flex flex-col items-center justify-center gap-1.5 px-6 py-10 text-center" data-testid="panel-empty">
      <Inbox className="mb-1 h-7 w-7 text-muted-foreground/70" aria-hidden />
      <p className="text-sm font-medium">{title ?? t("emptyTitle")}</p>
      <p className="max-w-md text-sm text-muted-foreground">{description ?? t("emptyText")}</p>
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}

const APP_CODES: Record<string, string> = {
  "common.errors.network": "offline",
  "common.errors.unauthenticated": "unauthenticated",
  "common.errors.forbidden": "forbidden",
  "common.errors.invalidInput": "invalid",
};

/**
 * What a failed analytics view answered (a query's error, through callAction), as the panels read it: WeChat's
 * errcode with its kind and message key, or the app's code ("offline" when the request never got an answer).
 */
function problemOf(failure: unknown): AnalyticsProblem {
  const error = asFailure(failure).error;
  const params = error.params ?? {};
  if (error.code === "wechat.errors.default" && params.errcode !== undefined) {
    const e = new WechatError({ code: Number(params.errcode), errmsg: String(params.errmsg ?? ""), api: "cloudbase.getStatistics" });
    return { source: "wechat", code: e.code, kind: e.kind, messageKey: e.messageKey, errmsg: e.errmsg };
  }
  return { source: "app", code: APP_CODES[error.code] ?? "internal" };
}

const RETRYABLE = new Set(["busy", "rate", "timeout", "network", "other"]);

function PanelError({ error, onRetry, retrying, compact }: { error: unknown; onRetry: () => void; retrying: boolean; compact?: boolean }) {
  const t = useTranslations("analytics.states");
  const tw = useTranslations("wechat");
  const problem = problemOf(error);
  let title: string;
  let text: string;
  let retry = true;
  let configLink = false;
  if (problem.source === "wechat") {
    const kind = problem.kind ?? "other";
    title = kind === "config" ? t("configTitle") : t("wechatTitle", { code: String(problem.code) });
    text = problem.messageKey && tw.has(problem.messageKey) ? tw(problem.messageKey) : tw("errors.default");
    retry = RETRYABLE.has(kind);
    configLink = kind === "config" || kind === "token";
  } else {
    const code = String(problem.code);
    const known = ["offline", "unauthenticated", "forbidden", "invalid", "internal"].includes(code) ? code : "internal";
    title = t(`appErrors.${known}.title`);
    text = t(`appErrors.${known}.text`);
    retry = known === "offline" || known === "internal";
  }
  if (compact) {
    return (
      <div role="alert" className="mb-3 flex items-center gap-2 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-xs">
        <AlertTriangle className="h-3.5 w-3.5 shrink-0 text-warning" aria-hidden />
        <span className="min-w-0 flex-1">{t("staleData", { reason: text })}</span>
        {retry ? (
          <button type="button" onClick={onRetry} className="font-medium underline underline-offset-2">
            {t("retry")}
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <div role="alert" data-testid="panel-error" className="flex flex-col items-center justify-center gap-1.5 px-6 py-10 text-center">
      <AlertTriangle className="mb-1 h-7 w-7 text-destructive" aria-hidden />
      <p className="text-sm font-medium">{title}</p>
      <p className="max-w-md text-sm text-muted-foreground">{text}</p>
      {problem.source === "wechat" && problem.errmsg ? <p className="font-mono text-xs text-muted-foreground">{`${problem.code} · ${problem.errmsg}`}</p> : null}
      <div className="mt-2 flex flex-wrap justify-center gap-2">
        {retry ? (
          <Button size="sm" variant="secondary" onClick={onRetry} disabled={retrying}>
            <RotateCw className={cn("h-3.5 w-3.5", retrying && "animate-spin")} aria-hidden />
            {t("retry")}
          </Button>
        ) : null}
        {configLink ? (
          <Link href="/settings" className="inline-flex h-8 items-center gap-2 rounded-md px-3 text-sm font-medium hover:bg-muted">
            <Settings2 className="h-3.5 w-3.5" aria-hidden />
            {t("openSettings")}
          </Link>
        ) : null}
        {problem.source === "app" && problem.code === "unauthenticated" ? (
          <Link href="/sign-in" className="inline-flex h-8 items-center rounded-md px-3 text-sm font-medium hover:bg-muted">
            {t("signIn")}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
