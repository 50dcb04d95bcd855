"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { deleteAudienceAction } from "@/app/(app)/audiences/actions";
import { Button } from "@/components/ui/button";

export function DeleteAudienceButton({ id, name, members }: { id: string; name: string; members: number }) {
  const t = useTranslations("audiences");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error ? (
        <span role="alert" className="text-sm text-destructive">
          {error}
        </span>
      ) : null}
      <Button
        variant="destructive"
        disabled={pending}
        onClick={() => {
          if (!window.confirm(t("detail.deleteConfirm", { name, count: members }))) return;
          start(async () => {
            const result = await deleteAudienceAction({ id });
            if (result.ok) {
              router.push("/audiences");
              router.refresh();
            } else setError(result.error);
          });
        }}
      >
        {t("detail.delete")}
      </Button>
    </>
  );
}
