import type { PhoneView } from "@/lib/auth/roles";
import type { Db } from "@/lib/db";
import { countSendableMembers, getAudience, listAudienceMembers, listInvalidRows, type AudienceSummary } from "./audiences";
import { listSuppressionRemovals, listSuppressions } from "./suppressions";

/** What the audience pages show, gathered in parallel; the pages call these, the components only render. */

const MEMBERS_PER_PAGE = 100;
const INVALID_SHOWN = 50;
const OPT_OUTS_PER_PAGE = 100;

export interface AudiencePageData {
  audience: AudienceSummary;
  members: Awaited<ReturnType<typeof listAudienceMembers>>;
  sendable: number;
  invalidRows: Awaited<ReturnType<typeof listInvalidRows>>;
  /** The page shown (1-based, at most `pages`) and how many there are. */
  page: number;
  pages: number;
}

/** Null for an unknown audience (or an ID that is not one). */
/** `phones`: whole numbers only for the roles that send (`phoneViewFor`). */
export async function loadAudiencePage(db: Db, id: string, page: number, phones: PhoneView): Promise<AudiencePageData | null> {
  const audience = await getAudience(db, id);
  if (!audience) return null;
  const pages = Math.max(1, Math.ceil(audience.memberCount / MEMBERS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const [members, sendable, invalidRows] = await Promise.all([
    listAudienceMembers(db, audience.id, { limit: MEMBERS_PER_PAGE, offset: (current - 1) * MEMBERS_PER_PAGE, phones }),
    countSendableMembers(db, audience.id),
    audience.invalidCount > 0 ? listInvalidRows(db, audience.id, { limit: INVALID_SHOWN, phones }) : Promise.resolve([]),
  ]);
  return { audience, members, sendable, invalidRows, page: current, pages };
}

export interface OptOutPageData {
  search: string;
  page: number;
  pages: number;
  total: number;
  rows: Awaited<ReturnType<typeof listSuppressions>>["rows"];
  removals: Awaited<ReturnType<typeof listSuppressionRemovals>>;
}

export async function loadOptOutPage(db: Db, opts: { search: string; page: number; phones: PhoneView }): Promise<OptOutPageData> {
  const [{ rows, total }, removals] = await Promise.all([
    listSuppressions(db, { search: opts.search, limit: OPT_OUTS_PER_PAGE, offset: (opts.page - 1) * OPT_OUTS_PER_PAGE, phones: opts.phones }),
    listSuppressionRemovals(db, { limit: 50, phones: opts.phones }),
  ]);
  return { search: opts.search, page: opts.page, pages: Math.max(1, Math.ceil(total / OPT_OUTS_PER_PAGE)), total, rows, removals };
}
