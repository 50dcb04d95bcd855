import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { log } from "@/lib/log";
import { getCurrentUser, type SessionUser } from "./current-user";
import { hasRole, type Role } from "./roles";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; code?: string; fieldErrors?: Record<string, string> };

/** Thrown from an action body for a failure the user can act on; the message is shown as is. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly code = "invalid",
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
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

/** Turns zod issues into one message per field, keyed by the field's dotted path. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
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
    const t = await getTranslations("common.errors");
    const user = await getCurrentUser();
    if (!user) return { ok: false, code: "unauthenticated", error: t("unauthenticated") };
    if (!hasRole(user.role, spec.role)) return { ok: false, code: "forbidden", error: t("forbidden", { role: t(`roles.${spec.role}`) }) };
    const parsed = spec.input.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error);
      const fieldList = Object.keys(fieldErrors).join(", ");
      return { ok: false, code: "invalid", error: t("invalidInput", { fields: fieldList }), fieldErrors };
    }
    try {
      return { ok: true, data: await body(parsed.data, { user }) };
    } catch (e) {
      if (e instanceof ActionError) return { ok: false, code: e.code, error: e.message, fieldErrors: e.fieldErrors };
      log.error({ err: e instanceof Error ? { message: e.message, name: e.name } : String(e), userId: user.id }, "action failed");
      return { ok: false, code: "internal", error: t("internal") };
    }
  };
}
