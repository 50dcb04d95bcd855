// What other components call: creating and reading audiences, and the opt-out list.
export { normalisePhone, maskPhone, showPhone, isInvalidReason, INVALID_REASONS, INVALID_REASON_TEXT, type InvalidReason, type NormalisedPhone } from "./phone";
export { parsePastedPhones } from "./paste";
export { readCsvPhones, detectLayout, CsvImportError, CSV_MAX_BYTES, CSV_MAX_ROWS, type CsvLayout, type CsvOptions, type CsvInput, type CsvProblem } from "./csv";
export { PhoneSifter, inBatches, INVALID_ROWS_KEPT, type Candidate, type CandidateSource, type InvalidRow, type SiftFigures } from "./pipeline";
export { writeAudience, type AudienceReport, type NewAudience } from "./write";
export {
  createAudienceFromPhones,
  createAudienceFromCsv,
  createAudienceFromCandidates,
  listAudiences,
  getAudience,
  countSendableMembers,
  listAudienceMembers,
  listInvalidRows,
  deleteAudience,
  type AudienceSummary,
  type CsvAudienceReport,
  type CreateAudienceInput,
} from "./audiences";
export { loadAudiencePage, loadOptOutPage, type AudiencePageData, type OptOutPageData } from "./pages";
export {
  addSuppressions,
  importSuppressionsFromCsv,
  removeSuppression,
  isSuppressed,
  suppressedAmong,
  listSuppressions,
  listSuppressionRemovals,
  type SuppressionReport,
} from "./suppressions";
