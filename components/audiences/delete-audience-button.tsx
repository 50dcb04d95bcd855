"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { deleteAudienceAction } from "@/app/(app)/audiences/actions";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/use-action";

export function DeleteAudienceButton({ id, name, members }: { id: string; name: string; members: number }) {
  const t = useTranslations("audiences");
  const router = useRouter();
  const remove = useAction(deleteAudienceAction, {
    onSuccess: () => {
      router.push("/audiences");
      router.refresh();
    },
  });
  const { error } = remove;
  return (
    <>
      {error ? (
        <span role="alert" className="text-sm text-destructive">
          {error}
        </span>
      ) : null}
      <Button
        variant="destructive"
        disabled={remove.pending || remove.succeeded}
        onClick={() => {
          if (window.confirm(t("detail.deleteConfirm", { name, count: members }))) remove.run({ id });
        }}
      >
        {t("detail.delete")}
      </Button>
    </>
  );
}
