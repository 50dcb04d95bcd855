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
      <Button
        variant="destructive"
        disabled={remove.pending || remove.succeeded}
        onClick={() => {
          if (window.confirm(t("detail.deleteConfirm", { name, count: members }))) remove.run({ id });
        }}
      >
        {t("detail.delete")}
      </Button>
      {/* On a line of its own under the buttons, as wide as they are: its own width (contain) never widens the header. */}
      {error ? (
        <span role="alert" className="basis-full text-sm text-destructive [contain:inline-size] sm:text-right">
          {error}
        </span>
      ) : null}
    </>
  );
}
