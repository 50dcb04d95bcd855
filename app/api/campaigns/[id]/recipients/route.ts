import { z } from "zod";
import { phoneViewFor } from "@/lib/auth/roles";
import { invalidInput, problem, withRoute } from "@/lib/auth/route";
import { listRecipients, recipientCodes, RECIPIENT_STATUSES } from "@/lib/campaigns/progress";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

const querySchema = z.object({
  status: z.enum(RECIPIENT_STATUSES as [string, ...string[]]).optional(),
  code: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** One page of the per-recipient results, filtered by status and code, with the codes seen. */
export const GET = withRoute<{ id: string }>({ role: "analyst" }, async (req, { params, user }) => {
  if (!isUuid(params.id)) return problem(404, "campaigns.errors.noTask");
  const url = new URL(req.url);
  const parsed = querySchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  if (!parsed.success) return invalidInput(parsed.error);
  const q = parsed.data;
  const [page, codes] = await Promise.all([
    listRecipients(db(), params.id, { status: q.status as never, code: q.code, page: q.page, pageSize: q.pageSize, phones: phoneViewFor(user.role) }),
    recipientCodes(db(), params.id),
  ]);
  return Response.json({ ...page, codes, page: q.page, pageSize: q.pageSize }, { headers: { "cache-control": "no-store" } });
});
