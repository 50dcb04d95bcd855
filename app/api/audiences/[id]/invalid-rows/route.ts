import { getTranslations } from "next-intl/server";
import { getAudience, isInvalidReason, listInvalidRows } from "@/lib/audiences";
import { phoneViewFor } from "@/lib/auth/roles";
import { problem, withRoute } from "@/lib/auth/route";
import { csvResponse, toCsv, UTF8_BOM } from "@/lib/csv";
import { db } from "@/lib/db";

/** GET: the invalid rows of an audience's import as CSV (line, value, reason), in the reader's language. */
export const GET = withRoute<{ id: string }>({ role: "analyst" }, async (_req, { params, user }) => {
  const audience = await getAudience(db(), params.id);
  if (!audience) return problem(404, "audiences.errors.notFound");
  const t = await getTranslations("audiences");
  const rows = await listInvalidRows(db(), params.id, { phones: phoneViewFor(user.role) });
  const reasonText = (r: string) => (isInvalidReason(r) ? t(`reasons.${r}`) : r);
  const csv = toCsv(
    [t("report.line"), t("report.value"), t("report.reason")],
    rows.map((r) => [r.line, r.value, reasonText(r.reason)]),
  );
  return csvResponse(UTF8_BOM + csv, `${audience.name}-invalid.csv`);
});
