import { getServerSession } from "next-auth";
import { cache } from "react";
import { db } from "@/lib/db";
import { authOptions } from "./options";
import { loadSessionUser, type SessionUser } from "./sessions";

/** The signed-in user for this request, checked against the database (active, not revoked), or null. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions())) as { sid?: unknown } | null;
  if (!session || typeof session.sid !== "string") return null;
  return loadSessionUser(db(), session.sid);
});

export type { SessionUser };
