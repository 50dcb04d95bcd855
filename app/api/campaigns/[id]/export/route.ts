import { phoneViewFor } from "@/lib/auth/roles";
import { withRoute, problem } from "@/lib/auth/route";
import { recipientsCsv, RECIPIENT_STATUSES } from "@/lib/campaigns/progress";
import { csvResponse } from "@/lib/csv";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

/** The per-recipient results as CSV, streamed page by page (a task can have a million rows). */
export const GET = withRoute<{ id: string }>({ role: "analyst" }, async (req, { params, user }) => {
  if (!isUuid(params.id)) return problem(404, "campaigns.errors.noTask");
  const url = new URL(req.url);
  const status = url.searchParams.get("status") || undefined;
  if (status && !(RECIPIENT_STATUSES as string[]).includes(status)) return problem(400, "campaigns.errors.unknownStatus", { status });
  const code = url.searchParams.get("code") || undefined;
  const rows = recipientsCsv(db(), params.id, { status: status as never, code, phones: phoneViewFor(user.role) });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return csvResponse(body, `campaign-${params.id}.csv`);
});
