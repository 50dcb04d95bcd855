import type { z } from "zod";

/**
 * How an error travels from lib to the UI: a code and its parameters, never a sentence. The code is a message
 * key, `<namespace>.<path>` in messages/<locale>/<namespace>.json (e.g. `campaigns.errors.noActivity`), so
 * the UI translates it in the reader's language (`useErrorText` in components/use-action.ts). Logs keep the code.
 */
export type ErrorParams = Record<string, string | number>;

export interface ErrorCode {
  code: string;
  params?: ErrorParams;
}

/** Errors per form field, keyed by the field's dotted path (`templateParams.0`); `_` for the form as a whole. */
export type FieldErrors = Record<string, ErrorCode>;

export function errorCode(code: string, params?: ErrorParams): ErrorCode {
  return params ? { code, params } : { code };
}

/** A message key as schemas write it in their custom messages: `namespace.path`, no spaces. */
const MESSAGE_KEY = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$/;

/**
 * One zod issue as an error code. A schema's custom message is a message key (`.min(1, "campaigns.errors.nameRequired")`);
 * zod's own messages become `common.errors.field.<issue code>` with the limit as a parameter.
 */
export function issueErrorCode(issue: z.core.$ZodIssue): ErrorCode {
  if (MESSAGE_KEY.test(issue.message)) return { code: issue.message };
  const params: ErrorParams = {};
  if ("minimum" in issue && issue.minimum !== undefined) params.minimum = Number(issue.minimum);
  if ("maximum" in issue && issue.maximum !== undefined) params.maximum = Number(issue.maximum);
  if (Object.keys(params).length) params.origin = "origin" in issue && typeof issue.origin === "string" ? issue.origin : "other";
  const known = new Set(["too_small", "too_big", "invalid_format", "invalid_type", "invalid_value"]);
  return errorCode(`common.errors.field.${known.has(issue.code) ? issue.code : "invalid"}`, Object.keys(params).length ? params : undefined);
}

/** The first problem of each field. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issueErrorCode(issue);
  }
  return fields;
}
