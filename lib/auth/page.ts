import { forbidden, redirect } from "next/navigation";
import { getCurrentUser, type SessionUser } from "./current-user";
import { hasRole, type Role } from "./roles";

/** For server components: the signed-in user with at least `role`; otherwise sign-in or a 403 page. */
export async function requirePageUser(role: Role = "analyst"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (!hasRole(user.role, role)) forbidden();
  return user;
}
