import { getCurrentUser, type SessionUser } from "./current-user";
import { hasRole, type Role } from "./roles";

function problem(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** Wraps a route handler with the session and role check; answers 401/403 as JSON otherwise. */
export function withRoute<C = unknown>(
  spec: { role: Role },
  handler: (req: Request, ctx: { user: SessionUser; params: C }) => Promise<Response>,
) {
  return async (req: Request, routeCtx: { params: Promise<C> }): Promise<Response> => {
    const user = await getCurrentUser();
    if (!user) return problem(401, "unauthenticated", "Sign in first.");
    if (!hasRole(user.role, spec.role)) return problem(403, "forbidden", `This needs the ${spec.role} role.`);
    return handler(req, { user, params: await routeCtx.params });
  };
}

export { problem };
