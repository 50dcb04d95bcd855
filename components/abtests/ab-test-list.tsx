import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { AbTestSummary } from "@/lib/abtests/results";
import { VARIANT_LABELS } from "@/lib/abtests/split";

const STATUS_TONES = { testing: "primary", manual: "warning", picked: "success", cancelled: "neutral" } as const;

/** The A/B tests on the campaigns page (their variant and winner tasks are in the campaign list too). */
export async function AbTestList({ tests }: { tests: AbTestSummary[] }) {
  if (tests.length === 0) return null;
  const t = await getTranslations("abtests");
  const format = await getFormatter();
  return (
    <Card className="mt-6">
      <CardHeader title={t("list.title")} />
      <Table data-testid="ab-test-list">
        <thead>
          <tr>
            <Th>{t("list.name")}</Th>
            <Th>{t("list.status")}</Th>
            <Th className="text-right">{t("list.variants")}</Th>
            <Th>{t("list.winner")}</Th>
            <Th>{t("list.createdAt")}</Th>
          </tr>
        </thead>
        <tbody>
          {tests.map((x) => (
            <tr key={x.id}>
              <Td>
                <Link href={`/campaigns/ab/${x.id}`} className="font-medium text-primary underline-offset-2 hover:underline">
                  {x.name}
                </Link>
              </Td>
              <Td>
                <Badge tone={STATUS_TONES[x.status]}>{t(`status.${x.status}`)}</Badge>
              </Td>
              <Td className="text-right tabular-nums">{x.variants}</Td>
              <Td>{x.pickedVariant === null ? "–" : VARIANT_LABELS[x.pickedVariant]}</Td>
              <Td className="whitespace-nowrap text-muted-foreground">{format.dateTime(new Date(x.createdAt), "moment")}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
