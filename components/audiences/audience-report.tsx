import { getFormatter, getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { type AudiencePageData, INVALID_ROWS_KEPT, isInvalidReason } from "@/lib/audiences";

/** The import's figures, how the file was read, and its invalid rows with line numbers and a download. */
export async function AudienceReport({ audience, sendable, invalidRows }: Pick<AudiencePageData, "audience" | "sendable" | "invalidRows">) {
  const t = await getTranslations("audiences");
  const format = await getFormatter();
  const layout = (audience.details as { layout?: { phoneColumn: number; columnName: string | null; hasHeader: boolean } }).layout;
  const reason = (r: string) => (isInvalidReason(r) ? t(`reasons.${r}`) : r);

  const figures = [
    { key: "rows", label: t("report.rows"), value: audience.rowCount },
    { key: "valid", label: t("report.valid"), value: audience.validCount },
    { key: "invalid", label: t("report.invalid"), value: audience.invalidCount, tone: audience.invalidCount > 0 ? "text-destructive" : "" },
    { key: "duplicates", label: t("report.duplicates"), value: audience.duplicateCount },
    { key: "optedOut", label: t("report.optedOut"), value: audience.optedOutCount },
    { key: "members", label: t("report.members"), value: audience.memberCount, tone: "text-primary" },
  ];

  return (
    <>
      <Card>
        <CardHeader title={t("report.title")} description={t("report.description")} />
        <CardBody className="space-y-4">
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
            {figures.map((f) => (
              <div key={f.key} data-figure={f.key} className="rounded-md bg-muted px-4 py-3">
                <dt className="text-xs text-muted-foreground">{f.label}</dt>
                <dd className={`mt-1 text-2xl font-semibold tabular-nums ${f.tone ?? ""}`}>{format.number(f.value)}</dd>
              </div>
            ))}
          </dl>
          <p className="text-sm text-muted-foreground" title={t("report.sendableHint")}>
            {t("report.sendableNow", { count: format.number(sendable) })} · {t("report.sendableHint")}
          </p>
          {layout ? (
            <p className="text-sm text-muted-foreground">
              {t("report.layout", { column: layout.phoneColumn + 1, name: layout.columnName || "none", header: layout.hasHeader ? "yes" : "no" })}
            </p>
          ) : null}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title={t("report.invalidTitle")}
          description={
            audience.invalidCount > invalidRows.length
              ? t("report.invalidShown", { shown: format.number(invalidRows.length), total: format.number(audience.invalidCount) })
              : undefined
          }
          actions={
            audience.invalidCount > 0 ? (
              <a
                href={`/api/audiences/${audience.id}/invalid-rows`}
                download
                className="inline-flex h-8 items-center rounded-md border border-border bg-card px-3 text-sm font-medium hover:bg-muted"
              >
                {t("report.downloadInvalid")}
              </a>
            ) : undefined
          }
        />
        {invalidRows.length === 0 ? (
          <CardBody className="text-sm text-muted-foreground">{t("report.invalidNone")}</CardBody>
        ) : (
          <>
            <Table>
              <thead>
                <tr>
                  <Th className="w-20">{t("report.line")}</Th>
                  <Th>{t("report.value")}</Th>
                  <Th>{t("report.reason")}</Th>
                </tr>
              </thead>
              <tbody>
                {invalidRows.map((r, i) => (
                  <tr key={i}>
                    <Td className="tabular-nums">{r.line ?? "—"}</Td>
                    <Td className="font-mono">{r.value || "∅"}</Td>
                    <Td className="text-muted-foreground">{reason(r.reason)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            {audience.invalidCount > INVALID_ROWS_KEPT ? <CardBody className="text-xs text-muted-foreground">{t("report.invalidKeptLimit")}</CardBody> : null}
          </>
        )}
      </Card>
    </>
  );
}
