"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { errorCode, type ErrorCode, type FieldErrors } from "@/lib/errors";

/** A failed server action or route, as an error code the UI translates. */
export class ActionFailure extends Error {
  constructor(
    readonly error: ErrorCode,
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(error.code);
    this.name = "ActionFailure";
  }
}

/** What a query or mutation threw, as an ActionFailure (anything else is a request that never got an answer). */
export function asFailure(e: unknown): ActionFailure {
  return e instanceof ActionFailure ? e : new ActionFailure(errorCode("common.errors.network"));
}

/** Calls a server action and returns its data, or throws its error as an ActionFailure (for TanStack Query). */
export async function callAction<I, T>(action: (input: I) => Promise<ActionResult<T>>, input: I): Promise<T> {
  let result: ActionResult<T>;
  try {
    result = await action(input);
  } catch (e) {
    throw asFailure(e);
  }
  if (!result.ok) throw new ActionFailure(result.error, result.fieldErrors);
  return result.data;
}

/** A route's JSON; a failure answers `{ error: { code, params } }` (lib/auth/route.ts), thrown as an ActionFailure. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { cache: "no-store", ...init });
  } catch (e) {
    throw asFailure(e);
  }
  const body = await res.json().catch(() => null);
  if (res.ok && body !== null) return body as T;
  const error = body?.error;
  throw new ActionFailure(typeof error?.code === "string" ? error : errorCode("common.errors.http", { status: res.status }), body?.fieldErrors);
}

/** Translates error codes in the reader's language; an unknown code reads as the generic server error. */
export function useErrorText(): (error: ErrorCode) => string {
  const t = useTranslations();
  return useCallback((error: ErrorCode) => (t.has(error.code) ? t(error.code, error.params) : t("common.errors.internal")), [t]);
}

/** The error of a query or mutation in words, or null. */
export function useFailureText(error: unknown): string | null {
  const text = useErrorText();
  return error ? text(asFailure(error).error) : null;
}

/**
 * The one way to call a server action from a component: `run(input)`, `pending` while it runs, and on failure
 * `error` (the translated sentence) and `fieldErrors` (translated, per field). `onSuccess` gets the data.
 */
export function useAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  options: { onSuccess?: (data: T, input: I) => unknown; onSettled?: () => unknown } = {},
) {
  const text = useErrorText();
  const mutation = useMutation<T, ActionFailure, I>({
    mutationFn: (input) => callAction(action, input),
    onSuccess: (data, input) => options.onSuccess?.(data, input),
    onSettled: () => options.onSettled?.(),
  });
  const failure = mutation.error;
  const fieldErrors: Record<string, string> = {};
  for (const [field, error] of Object.entries(failure?.fieldErrors ?? {})) fieldErrors[field] = text(error);
  return {
    run: mutation.mutate,
    pending: mutation.isPending,
    /** True once it succeeded (until `reset`): keeps a button disabled while `onSuccess` navigates away. */
    succeeded: mutation.isSuccess,
    error: failure ? text(failure.error) : null,
    /** The failure's code and parameters, for a component that shows more than the sentence. */
    failure: failure?.error ?? null,
    fieldErrors,
    data: mutation.data,
    reset: mutation.reset,
  };
}
