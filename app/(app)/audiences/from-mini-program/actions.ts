"use server";

import { z } from "zod";
import { callSegmentFunction, cancelSourceJob, SourceError, startSourceJob } from "@/lib/audiences/sources";
import { ActionError, defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import { db } from "@/lib/db";
import { getWechat } from "@/lib/wechat";

const SAMPLE_SIZE = 5;

const callSchema = z.object({
  name: z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, "sources.function.nameFormat"),
  /** JSON text; empty means `{}`. */
  input: z.string().max(100_000),
  audienceName: z.string().trim().max(200),
  /** false: call and show the answer only; true: also build the audience. */
  build: z.boolean(),
});

export interface CallFunctionResult {
  preview: string;
  previewTruncated: boolean;
  segment: { kind: "phones" | "cloudids"; count: number; sample: string[] };
  jobId: string | null;
}

/**
 * Calls a cloud function (WeChat stops it after 5 s) and reads the segment in its answer; with `build`, starts
 * the job that turns it into an audience. The function runs once per click: nothing is cached between a
 * preview and a build, since the segment may have changed. A failure is an ActionError `sources.errors.<why>`
 * naming the function, with WeChat's errcode and errmsg and, for a malformed answer, its preview.
 */
export const callCloudFunctionAction = defineAction({ role: "marketer", input: callSchema }, async (form, { user }): Promise<CallFunctionResult> => {
  let input: unknown = {};
  if (form.input.trim()) {
    try {
      input = JSON.parse(form.input);
    } catch (e) {
      const problem = e instanceof Error ? e.message : "";
      throw new ActionError("sources.function.inputNotJson", undefined, { input: { code: "sources.function.inputNotJsonDetail", params: { problem } } });
    }
  }
  if (form.build && !form.audienceName) throw ActionError.forField("audienceName", "sources.function.audienceNameRequired");
  try {
    const answer = await callSegmentFunction(getWechat(), form.name, input);
    const { segment } = answer;
    let jobId: string | null = null;
    if (form.build) {
      // cloudIDs are resolved once each; repeated phone numbers are counted by the audience pipeline itself.
      const ids = segment.kind === "cloudids" ? [...new Set(segment.values)] : [];
      jobId = await startSourceJob(
        db(),
        {
          sourceKind: "function",
          audienceName: form.audienceName,
          label: form.name,
          createdBy: user.id,
          total: segment.kind === "cloudids" ? ids.length : segment.values.length,
          duplicateIds: segment.kind === "cloudids" ? segment.values.length - ids.length : 0,
          details: { input: form.input.trim() || "{}", preview: answer.preview.slice(0, 4000), answered: segment.kind },
        },
        segment.kind === "phones" ? { kind: "phones", phones: segment.values } : { kind: "cloudids", ids },
      );
      await audit(user.id, "audience.from_function", jobId, { function: form.name, audienceName: form.audienceName, answered: segment.kind, count: segment.values.length });
    }
    return {
      preview: answer.preview,
      previewTruncated: answer.previewTruncated,
      segment: { kind: segment.kind, count: segment.values.length, sample: segment.values.slice(0, SAMPLE_SIZE) },
      jobId,
    };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    const { code, params } = error.toErrorCode();
    throw new ActionError(code, params);
  }
});

/** Cancels a build that has not finished; false when it had already finished (nothing changes then). */
export const cancelSourceJobAction = defineAction({ role: "marketer", input: z.object({ jobId: z.string().uuid() }) }, async ({ jobId }, { user }) => {
  const cancelled = await cancelSourceJob(db(), jobId);
  if (cancelled) await audit(user.id, "audience.source_cancelled", jobId, {});
  return { cancelled };
});
