"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import {
  countActiveAdmins, createUser, DuplicateEmailError, getUserById, newUserSchema, passwordSchema, resetUserPassword,
  roleSchema, setUserActive, setUserRole,
} from "@/lib/auth/users";
import { db } from "@/lib/db";
import { uuidSchema } from "@/lib/ids";


export const createUserAction = defineAction({ role: "admin", input: newUserSchema }, async (input, { user }) => {
  try {
    const created = await createUser(db(), input);
    await audit(user.id, "user.create", created.id, { email: created.email, role: created.role });
    revalidatePath("/users");
    return { id: created.id };
  } catch (e) {
    if (e instanceof DuplicateEmailError) {
      throw ActionError.forField("email", "users.errors.duplicate");
    }
    throw e;
  }
});

/** An admin cannot demote or deactivate the last active admin: nobody could manage users any more. */
async function assertNotLastAdmin(targetId: string) {
  const target = await getUserById(db(), targetId);
  if (!target) throw new ActionError("users.errors.notFound");
  if (target.role === "admin" && target.active && (await countActiveAdmins(db())) <= 1) {
    throw new ActionError("users.errors.lastAdmin");
  }
}

export const setRoleAction = defineAction(
  { role: "admin", input: z.object({ id: uuidSchema, role: roleSchema }) },
  async ({ id, role }, { user }) => {
    if (role !== "admin") await assertNotLastAdmin(id);
    await setUserRole(db(), id, role);
    await audit(user.id, "user.role", id, { role });
    revalidatePath("/users");
    return { id, role };
  },
);

export const resetPasswordAction = defineAction(
  { role: "admin", input: z.object({ id: uuidSchema, password: passwordSchema }) },
  async ({ id, password }, { user }) => {
    await resetUserPassword(db(), id, password);
    await audit(user.id, "user.reset_password", id);
    return { id };
  },
);

export const setActiveAction = defineAction(
  { role: "admin", input: z.object({ id: uuidSchema, active: z.boolean() }) },
  async ({ id, active }, { user }) => {
    if (!active && id === user.id) throw new ActionError("users.errors.self");
    if (!active) await assertNotLastAdmin(id);
    await setUserActive(db(), id, active);
    await audit(user.id, active ? "user.activate" : "user.deactivate", id);
    revalidatePath("/users");
    return { id, active };
  },
);
