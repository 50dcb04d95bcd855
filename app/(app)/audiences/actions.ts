"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, defineAction } from "@/lib/auth/action";
import { audit } from "@/lib/auth/audit";
import { addSuppressions, createAudienceFromPhones, deleteAudience, removeSuppression } from "@/lib/audiences";
import { db } from "@/lib/db";
import { uuidSchema } from "@/lib/ids";

// Server actions take at most about 1 MB; larger lists go through the CSV upload route.
const PASTE_MAX_CHARS = 900_000;

export const createAudienceFromPasteAction = defineAction(
  {
    role: "marketer",
    input: z.object({ name: z.string().trim().min(1).max(100), phones: z.string().min(1).max(PASTE_MAX_CHARS) }),
  },
  async ({ name, phones }, { user }) => {
    const report = await createAudienceFromPhones(db(), { name, phones, createdBy: user.id });
    const { invalidRows, ...figures } = report;
    await audit(user.id, "audience.create", report.audienceId, { name, source: "paste", ...figures });
    revalidatePath("/audiences");
    return { audienceId: report.audienceId };
  },
);

export const deleteAudienceAction = defineAction({ role: "marketer", input: z.object({ id: uuidSchema }) }, async ({ id }, { user }) => {
  const deleted = await deleteAudience(db(), id);
  if (deleted === "notFound") throw new ActionError("audiences.errors.notFound");
  if (deleted === "inUse") throw new ActionError("audiences.errors.preparing");
  await audit(user.id, "audience.delete", id);
  revalidatePath("/audiences");
  return { id };
});

export const addOptOutsAction = defineAction(
  {
    role: "marketer",
    input: z.object({ phones: z.string().min(1).max(PASTE_MAX_CHARS), reason: z.string().trim().max(200).default("") }),
  },
  async ({ phones, reason }, { user }) => {
    const report = await addSuppressions(db(), { phones, reason, addedBy: user.id });
    await audit(user.id, "optout.add", null, { added: report.added, alreadyListed: report.alreadyListed, invalid: report.invalid, reason });
    revalidatePath("/audiences/opt-outs");
    return { added: report.added, alreadyListed: report.alreadyListed, invalid: report.invalid, invalidValues: report.invalidRows.slice(0, 10).map((r) => r.value) };
  },
);

export const removeOptOutAction = defineAction({ role: "admin", input: z.object({ phone: z.string().min(1).max(40) }) }, async ({ phone }, { user }) => {
  // The removal writes its own audit entry, with who had added the number, in the same transaction.
  const removed = await removeSuppression(db(), phone, user.id);
  revalidatePath("/audiences/opt-outs");
  return { removed };
});
