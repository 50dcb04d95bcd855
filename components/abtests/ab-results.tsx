"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { callAction, useAction } from "@/components/use-action";
import { getAbResultsAction, pickAbVariantAction } from "@/app/(app)/campaigns/ab/actions";
import { Skeleton } from "@/components/ui/skeleton";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import type { VariantAnalysis } from "@/lib/abtests/pick";

const AbRateChart = dynamic(() => import("./ab-rate-chart"), { ssr: false, loading: () => <Skeleton className="h-64" /> });

type Results = Extract<Awaited<ReturnType<typeof getAbResultsAction>>, { ok: true }>["data"];

const STATUS_TONES = { testing: "primary", manual: "warning", picked: "success", cancelled: "neutral" } as const;


export function AbResultsView({ testId, initial, canPick }: { testId: string; initial: Results; canPick: boolean }) {
  const t = useTranslations("abtests.results");
  const ta = useTranslations("abtests");
  const format = useFormatter();
  const queryClient = useQueryClient();
  const pickAction = useAction(pickAbVariantAction, { onSettled: () => queryClient.invalidateQueries({ queryKey: ["abtest", testId] }) });
  const { pending, error } = pickAction;
  const { data = initial } = useQuery({
    queryKey: ["abtest", testId],
    queryFn: () => callAction(getAbResultsAction, { testId }),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.winner && q.state.data.winner.done >= q.state.data.winner.total ? 30_000 : 5_000),
  });
  const { test, analysis, figuresError, series, winner } = data;
  const pct = (r: number) => format.number(r, { style: "percent", maximumFractionDigits: 1 });
  const when = (iso: string) => format.dateTime(new Date(iso), "moment");
  const time = (s: number) => format.dateTime(new Date(s * 1000), "clock");
  const criterionName = ta(`criteria.${test.criterion}`);
  const canPickNow = canPick && (test.status === "testing" || test.status === "manual");

  function pick(variant: number) {
    pickAction.run({ testId, variant });
  }

  const rate = (v: VariantAnalysis, metric: "h5" | "wxapp") => {
    const f = v[metric];
    return (
      <div className="tabular-nums">
        <span className="font-medium" data-rate={`${v.label}-${metric}`}>{pct(f.rate)}</span>
        <span className="block text-xs text-muted-foreground">
          {t("interval", { low: pct(f.interval.low), high: pct(f.interval.high) })}
        </span>
      </div>
    );
  };

  return (
    <>
      <PageHeader
        title={test.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONES[test.status]}>{ta(`status.${test.status}`)}</Badge>
            <span>{t("summary", { share: test.testShare, variants: test.variants.length, criterion: criterionName })}</span>
            <span>· {test.pickMode === "auto" ? t("autoPickAt", { at: when(test.pickDueAt ?? test.sendAt) }) : t("manualPick")}</span>
          </span>
        }
      />
      <div className="space-y-6">
        {error ? <Alert tone="error">{error}</Alert> : null}
        {test.status === "manual" && test.manualReason !== "chosen" ? (
          <div data-testid="ab-notice">
            <Alert tone="warning" title={t(`handedOver.${test.manualReason ?? "unreadable"}.title`)}>
              {t(`handedOver.${test.manualReason ?? "unreadable"}.text`)}
            </Alert>
          </div>
        ) : null}
        {figuresError ? (
          <Alert tone="warning" title={t("figuresUnreadable")}>
            {t("figuresUnreadableText", { error: figuresError })}
          </Alert>
        ) : null}
        {test.status === "testing" && test.lastPickError ? <Alert tone="warning">{t("pickRetrying", { error: test.lastPickError })}</Alert> : null}

        <PickCard data={data} criterionName={criterionName} pct={pct} when={when} />

        <Card>
          <CardHeader title={t("variantsTitle")} description={t("variantsDescription", { criterion: criterionName })} />
          <div className="overflow-x-auto">
            <Table data-testid="ab-variants-table" className="min-w-[48rem]">
              <thead>
                <tr>
                  <Th>{t("columns.variant")}</Th>
                  <Th className="text-right">{t("columns.sent")}</Th>
                  <Th className="text-right">{t("columns.h5Users")}</Th>
                  <Th className="text-right">{t("columns.wxappUsers")}</Th>
                  <Th className="text-right">{ta("criteria.h5")}</Th>
                  <Th className="text-right">{ta("criteria.wxapp")}</Th>
                  <Th className="text-right">{t("columns.uplift", { criterion: criterionName })}</Th>
                  {canPickNow ? <Th /> : null}
                </tr>
              </thead>
              <tbody>
                {test.variants.map((v, i) => {
                  const a = analysis?.[i];
                  const f = a?.[test.criterion];
                  return (
                    <tr key={v.label} data-variant={v.label}>
                      <Td>
                        <div className="flex items-center gap-2">
                          <span className="font-semibold">{v.label}</span>
                          {test.pickedVariant === i ? <Badge tone="success">{t("winner")}</Badge> : null}
                        </div>
                        <p className="max-w-xs text-xs break-all text-muted-foreground">{v.content ?? v.templateParams?.join(" · ")}</p>
                        <Link className="text-xs text-primary underline-offset-2 hover:underline" href={`/campaigns/${v.taskId}`}>
                          {t("task")}
                        </Link>
                      </Td>
                      <Td className="text-right tabular-nums" data-figure="sent">{format.number(v.sent)}</Td>
                      <Td className="text-right tabular-nums" data-figure="h5Users">{a ? format.number(a.figures.h5Users) : "–"}</Td>
                      <Td className="text-right tabular-nums" data-figure="wxappUsers">{a ? format.number(a.figures.wxappUsers) : "–"}</Td>
                      <Td className="text-right">{a ? rate(a, "h5") : "–"}</Td>
                      <Td className="text-right">{a ? rate(a, "wxapp") : "–"}</Td>
                      <Td className="text-right tabular-nums">
                        {!a ? "–" : !a.enoughData ? (
                          <Badge tone="neutral">{t("notEnoughData")}</Badge>
                        ) : i === 0 ? (
                          <span className="text-xs text-muted-foreground">{t("baseline")}</span>
                        ) : (
                          <div>
                            <span className="font-medium">{f?.uplift === null || f?.uplift === undefined ? "–" : `${f.uplift >= 0 ? "+" : ""}${pct(f.uplift)}`}</span>
                            <span className="block text-xs text-muted-foreground">
                              {f?.test ? t(f.test.significant ? "significant" : "notSignificant", { p: format.number(f.test.pValue, { maximumFractionDigits: 3 }) }) : null}
                            </span>
                          </div>
                        )}
                      </Td>
                      {canPickNow ? (
                        <Td className="text-right">
                          <Button size="sm" variant="secondary" disabled={pending} onClick={() => pick(i)} data-testid={`pick-${v.label}`}>
                            {t("pick", { label: v.label })}
                          </Button>
                        </Td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </div>
          <CardBody className="text-xs text-muted-foreground">{t("method")}</CardBody>
        </Card>

        <Card>
          <CardHeader title={t("chartTitle", { criterion: criterionName })} description={t("chartDescription")} />
          <CardBody>
            {series.length > 0 ? (
              <AbRateChart points={series} labels={test.variants.map((v) => v.label)} metric={test.criterion} time={time} percent={pct} />
            ) : (
              <p className="text-sm text-muted-foreground">{t("noSeries")}</p>
            )}
          </CardBody>
        </Card>
        {winner ? null : <p className="text-xs text-muted-foreground">{t("remainderWaiting", { count: test.remainderCount })}</p>}
      </div>
    </>
  );
}

/** The pick, once made: the winner, who or what picked it and why, and the winner task's progress. */
function PickCard({ data, criterionName, pct, when }: { data: Results; criterionName: string; pct: (r: number) => string; when: (iso: string) => string }) {
  const t = useTranslations("abtests.results");
  const format = useFormatter();
  const { test, winner } = data;
  if (test.status !== "picked" || test.pickedVariant === null) return null;
  const label = test.variants[test.pickedVariant]?.label ?? "?";
  const reason = test.pickReason;
  const percent = winner && winner.total > 0 ? Math.floor((winner.done / winner.total) * 100) : 100;
  return (
    <Card data-testid="ab-pick" data-winner={label}>
      <CardHeader
        title={t("pickedTitle", { label })}
        description={test.pickedByEmail ? t("pickedBy", { who: test.pickedByEmail, at: when(test.pickedAt!) }) : t("pickedAuto", { at: when(test.pickedAt!) })}
      />
      <CardBody className="space-y-3 text-sm">
        {reason ? (
          <p data-testid="ab-pick-reason">
            {t("why", {
              label,
              criterion: criterionName,
              rate: pct(reason.winnerRate),
              other: test.variants[reason.runnerUp]?.label ?? "?",
              otherRate: pct(reason.runnerUpRate),
              p: format.number(reason.pValue, { maximumFractionDigits: 3 }),
            })}{" "}
            {reason.significant ? t("whySignificant") : t("whyNotSignificant", { label })}
          </p>
        ) : (
          <p>{t("whyNoFigures")}</p>
        )}
        {winner ? (
          <div className="space-y-1">
            <div className="flex items-center justify-between">
              <Link href={`/campaigns/${winner.taskId}`} className="text-primary underline-offset-2 hover:underline" data-testid="ab-winner-task" data-count={winner.total}>
                {t("winnerTask", { count: winner.total })}
              </Link>
              <span className="tabular-nums font-medium" data-testid="ab-winner-percent">{percent}%</span>
            </div>
            <div className="h-2 rounded-full bg-muted">
              <div className="h-2 rounded-full bg-primary" style={{ width: `${percent}%` }} />
            </div>
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
