import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { TaskCost } from "@/lib/history/cost";

/** The activity's send tasks from the ledger: sent, failed, billed segments and cost at the price of the day. */
export async function SendTaskCosts({ tasks }: { tasks: TaskCost[] }) {
  const t = await getTranslations("activities.detail.tasks");
  const format = await getFormatter();
  const count = (n: number) => format.number(n);
  const money = (n: number | null, digits = 2) => (n === null ? "—" : format.number(n, { style: "currency", currency: "CNY", minimumFractionDigits: 2, maximumFractionDigits: Math.max(2, digits) }));
  const total = tasks.reduce((s, x) => s + (x.cost ?? 0), 0);
  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody>
        {tasks.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("empty")}</p>
        ) : (
          <Table data-testid="activity-task-costs">
            <thead>
              <tr>
                <Th>{t("columns.task")}</Th>
                <Th className="text-right">{t("columns.sent")}</Th>
                <Th className="text-right">{t("columns.failed")}</Th>
                <Th className="text-right">{t("columns.billedSegments")}</Th>
                <Th className="text-right">{t("columns.price")}</Th>
                <Th className="text-right">{t("columns.cost")}</Th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((x) => (
                <tr key={x.taskId} data-task={x.taskId} data-sent={x.sent} data-billed={x.billedSegments} data-cost={x.cost ?? ""}>
                  <Td className="min-w-40">
                    <Link href={`/campaigns/${x.taskId}`} className="font-medium hover:underline">
                      {x.name || x.taskId.slice(0, 8)}
                    </Link>
                    <div className="text-xs text-muted-foreground">{format.dateTime(new Date(x.sentAt), "moment")}</div>
                  </Td>
                  <Td className="text-right tabular-nums">{count(x.sent)}</Td>
                  <Td className="text-right tabular-nums">{count(x.failed)}</Td>
                  <Td className="text-right tabular-nums" title={t("segmentsPerSms", { segments: x.segmentsPerSms })}>
                    {count(x.billedSegments)}
                  </Td>
                  <Td className="text-right tabular-nums">{money(x.priceCny, 5)}</Td>
                  <Td className="text-right font-medium tabular-nums">{money(x.cost)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {tasks.length > 0 ? <p className="mt-3 text-xs text-muted-foreground">{t("total", { cost: money(total), tasks: tasks.length })}</p> : null}
      </CardBody>
    </Card>
  );
}
