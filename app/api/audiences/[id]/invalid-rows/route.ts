import { getTranslations } from "next-intl/server";
import { getAudience, isInvalidReason, listInvalidRows } from "@/lib/audiences";
import { problem, withRoute } from "@/lib/auth/route";
import { db } from "@/lib/db";

function csvCell(value: string | number | null): string {
  const s = value === null ? "" : String(value);
  // Quotes for CSV; a leading = + - @ would be run as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(s) && !/^[+-]?[\d\s]+$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** GET: the invalid rows of an audience's import as CSV (line, value, reason), in the reader's language. */
export const GET = withRoute<{ id: string }>({ role: "analyst" }, async (_req, { params }) => {
  const audience = await getAudience(db(), params.id);
  if (!audience) return problem(404, "audiences.errors.notFound");
  const t = await getTranslations("audiences");
  const rows = await listInvalidRows(db(), params.id);
  const reasonText = (r: string) => (isInvalidReason(r) ? t(`reasons.${r}`) : r);
  const lines = [[t("report.line"), t("report.value"), t("report.reason")].map(csvCell).join(",")];
  for (const r of rows) lines.push([r.line, r.value, reasonText(r.reason)].map(csvCell).join(","));
  // The BOM makes Excel read the file as UTF-8, so Chinese text shows correctly.
  const body = `\uFEFF${lines.join("\r\n")}\r\n`;
  const filename = `${audience.name}-invalid.csv`;
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="invalid-rows.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "cache-control": "no-store",
    },
  });
});
