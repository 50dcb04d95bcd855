import { z } from "zod";
import { MAX_CLOUD_IDS, parseCloudIdList, SourceError, startSourceJob } from "@/lib/audiences/sources";
import { audit } from "@/lib/auth/audit";
import { invalidInput, withRoute } from "@/lib/auth/route";
import { BodyTooLarge, bodyTooLargeResponse, readLimitedText } from "@/lib/http";
import { db } from "@/lib/db";

export const runtime = "nodejs";

/** 100,000 cloudIDs of ~100 characters with separators, and room for a CSV's other columns. */
const MAX_TEXT_CHARS = 16 * 1024 * 1024;
/** The JSON around the text: its escapes and the other fields. */
const MAX_BODY_BYTES = MAX_TEXT_CHARS + 1024 * 1024;

const bodySchema = z.object({
  audienceName: z.string().trim().min(1).max(200),
  /** The uploaded file's name, if the text came from a file. */
  filename: z.string().max(300).optional(),
  text: z.string().max(MAX_TEXT_CHARS),
});

/**
 * Starts building an audience from pasted or uploaded cloudIDs (up to 100,000). A route handler rather than a
 * server action: the text can be several megabytes. Answers `{jobId}`; the page then polls the job.
 */
export const POST = withRoute({ role: "marketer" }, async (req, { user }) => {
  let raw: unknown = null;
  try {
    raw = JSON.parse(await readLimitedText(req, MAX_BODY_BYTES));
  } catch (e) {
    if (e instanceof BodyTooLarge) return bodyTooLargeResponse(e);
  }
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { audienceName, filename, text } = parsed.data;
  try {
    const ids = parseCloudIdList(text);
    const jobId = await startSourceJob(
      db(),
      { sourceKind: "cloudid", audienceName, label: filename ?? null, createdBy: user.id, total: ids.ids.length, duplicateIds: ids.duplicates },
      { kind: "cloudids", ids: ids.ids, positions: ids.positions },
    );
    await audit(user.id, "audience.from_cloudids", jobId, { audienceName, cloudIds: ids.ids.length, filename: filename ?? null });
    return Response.json({ jobId, total: ids.ids.length, duplicates: ids.duplicates, max: MAX_CLOUD_IDS });
  } catch (error) {
    if (error instanceof SourceError) return Response.json({ error: error.toJSON() }, { status: 400 });
    throw error;
  }
});
