import { z } from "zod";
import { errorCode, fieldErrorsOf, type ErrorCode, type ErrorParams, type FieldErrors } from "@/lib/errors";
import { log } from "@/lib/log";
import { getCurrentUser, type SessionUser } from "./current-user";
import { hasRole, type Role } from "./roles";

/** What every server action answers. A failure is an error code the UI translates (lib/errors.ts). */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ErrorCode; fieldErrors?: FieldErrors };

/**
 * Thrown from an action body for a failure the user can act on. `code` is a message key
 * (`campaigns.errors.noActivity`); `fields` puts errors next to the inputs they concern.
 */
export class ActionError extends Error {
  readonly error: ErrorCode;
  constructor(
    code: string,
    params?: ErrorParams,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(code);
    this.error = errorCode(code, params);
  }

  /** The same error shown at the form's top and next to one field. */
  static forField(field: string, code: string, params?: ErrorParams): ActionError {
    return new ActionError(code, params, { [field]: errorCode(code, params) });
  }
}

function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (key in out) out[key] = ([] as unknown[]).concat(out[key], value);
    else out[key] = value;
  }
  return out;
}

/**
 * Wraps a server action once with authentication, the role check and input validation, so that
 * every action body is only the business step. Nothing is trusted from the client: the session
 * is read from the cookie and checked against the database, the input is parsed with `input`.
 */
export function defineAction<S extends z.ZodType, T>(
  spec: { role: Role; input: S },
  body: (input: z.infer<S>, ctx: { user: SessionUser }) => Promise<T>,
): (raw: z.input<S> | FormData) => Promise<ActionResult<T>> {
  return async (raw) => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, error: errorCode("common.errors.unauthenticated") };
    if (!hasRole(user.role, spec.role)) return { ok: false, error: errorCode("common.errors.forbidden", { role: spec.role }) };
    const parsed = spec.input.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error);
      return { ok: false, error: errorCode("common.errors.invalidInput", { fields: Object.keys(fieldErrors).join(", ") }), fieldErrors };
    }
    try {
      return { ok: true, data: await body(parsed.data, { user }) };
    } catch (e) {
      if (e instanceof ActionError) return { ok: false, error: e.error, fieldErrors: e.fieldErrors };
      log.error({ err: e instanceof Error ? { message: e.message, name: e.name } : String(e), userId: user.id }, "action failed");
      return { ok: false, error: errorCode("common.errors.internal") };
    }
  };
}
