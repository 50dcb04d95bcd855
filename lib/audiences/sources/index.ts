// Audiences from the mini program: cloudIDs (getOpenData) and cloud functions (invokeCloudFunction).
export { parseCloudIdList, resolveCloudIds, phoneFromOpenData, MAX_CLOUD_IDS, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } from "./cloudids";
export type { ParsedCloudIds, ResolveProgress, ResolveResult, UnresolvedCloudId, UnresolvedReason } from "./cloudids";
export { callSegmentFunction, segmentFromAnswer, PREVIEW_CHARS, type CloudFunctionAnswer, type Segment } from "./cloud-function";
export { SourceError, serializeWechatError, type SourceErrorCode, type SourceErrorJson, type SerializedWechatError } from "./errors";
export {
  createSourceJob, runSourceJob, getSourceJob, listSourceJobs, listUnresolved, memberSource, markSourceJobCancelled, SourceJobCancelled,
  type JobInput, type NewSourceJob, type SourceJob, type SourceJobState, type SourceKind,
} from "./jobs";
export { startSourceJob } from "./start";
export { audienceSourceJob, cancelSourceJob, type SourceJobData } from "./queue";
export { toJobView, type SourceJobView } from "./view";
export { getDemoCloudIds, saveDemoCloudIds } from "./demo";
