import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { UsersManager } from "@/components/users/users-manager";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { listUsers } from "@/lib/auth/users";
import { db } from "@/lib/db";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("users"))("title") };
}

export default async function UsersPage() {
  const me = await requirePageUser("admin");
  const t = await getTranslations("users");
  const users = await listUsers(db());
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <UsersManager
        me={me.id}
        users={users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: u.createdAt.toISOString() }))}
      />
    </>
  );
}
