import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { sessions, users } from "@/lib/db/schema";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from "./password";
import { ROLES, type Role } from "./roles";

export const emailSchema = z.string().trim().toLowerCase().email().max(254);
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(200);
export const roleSchema = z.enum(ROLES);

export const newUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(100).default(""),
  role: roleSchema,
  password: passwordSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

export type UserRow = typeof users.$inferSelect;
export type PublicUser = Omit<UserRow, "passwordHash">;

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`A user with the email ${email} already exists.`);
  }
}

function withoutHash({ passwordHash: _omit, ...rest }: UserRow): PublicUser {
  return rest;
}

export async function createUser(db: Db, input: NewUser): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  const rows = await db
    .insert(users)
    .values({ email: input.email, name: input.name, role: input.role, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (rows.length === 0) throw new DuplicateEmailError(input.email);
  return withoutHash(rows[0]);
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  const rows = await db.select().from(users).orderBy(asc(users.createdAt));
  return rows.map(withoutHash);
}

export async function getUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row;
}

export async function getUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function setUserRole(db: Db, id: string, role: Role): Promise<void> {
  await db.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, id));
}

/** A new password ends every session the user has. */
export async function resetUserPassword(db: Db, id: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id));
    await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
  });
}

/** A deactivated user cannot sign in, and the sessions they had stop working at once. */
export async function setUserActive(db: Db, id: string, active: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ active, updatedAt: new Date() }).where(eq(users.id, id));
    if (!active) {
      await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
    }
  });
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.active, true)));
  return row.n;
}

/**
 * Creates the first admin when there are no users at all. Returns the password only when it
 * was generated here, so the caller can print it once.
 */
export async function ensureFirstAdmin(
  db: Db,
  email: string,
  password: string | undefined,
): Promise<{ created: false } | { created: true; email: string; generatedPassword?: string }> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if (n > 0) return { created: false };
  const plain = password ?? generatePassword();
  await createUser(db, { email: emailSchema.parse(email), name: "Admin", role: "admin", password: plain });
  return { created: true, email, generatedPassword: password ? undefined : plain };
}
