import type { z } from "zod";
import { errorCode, fieldErrorsOf, type ErrorParams, type FieldErrors } from "@/lib/errors";
import { getCurrentUser, type SessionUser } from "./current-user";
import { hasRole, type Role } from "./roles";

/** A route's failure: `{ error: { code, params }, fieldErrors? }`, the same error codes as server actions (lib/errors.ts). */
export function problem(status: number, code: string, params?: ErrorParams, fieldErrors?: FieldErrors): Response {
  return Response.json({ error: errorCode(code, params), ...(fieldErrors ? { fieldErrors } : {}) }, { status });
}

/** 400 for a request that did not parse: the fields and what is wrong with each. */
export function invalidInput(error: z.ZodError): Response {
  const fieldErrors = fieldErrorsOf(error);
  return problem(400, "common.errors.invalidInput", { fields: Object.keys(fieldErrors).join(", ") }, fieldErrors);
}

/** Wraps a route handler with the session and role check; answers 401/403 as JSON otherwise. */
export function withRoute<C = unknown>(
  spec: { role: Role },
  handler: (req: Request, ctx: { user: SessionUser; params: C }) => Promise<Response>,
) {
  return async (req: Request, routeCtx: { params: Promise<C> }): Promise<Response> => {
    const user = await getCurrentUser();
    if (!user) return problem(401, "common.errors.unauthenticated");
    if (!hasRole(user.role, spec.role)) return problem(403, "common.errors.forbidden", { role: spec.role });
    return handler(req, { user, params: await routeCtx.params });
  };
}
