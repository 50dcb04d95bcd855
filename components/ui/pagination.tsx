import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "./button";
import { LinkButton } from "@/components/ui/link-button";

/**
 * "Page 2 of 9" with previous/next, under a paged table. Pages rendered on the server pass `href` (links keep the
 * page in the URL); client tables that page in memory pass `onPage`.
 */
export function Pagination({
  page,
  pages,
  summary,
  href,
  onPage,
}: { page: number; pages: number; summary: ReactNode; href?: (page: number) => string; onPage?: (page: number) => void }) {
  const t = useTranslations("common.pagination");
  const step = (to: number, label: string, enabled: boolean) =>
    href ? (
      enabled ? (
        <LinkButton variant="secondary" href={href(to)}>
          {label}
        </LinkButton>
      ) : null
    ) : (
      <Button size="sm" variant="secondary" disabled={!enabled} onClick={() => onPage?.(to)}>
        {label}
      </Button>
    );
  return (
    <div className="flex items-center justify-between gap-3 text-sm text-muted-foreground">
      <span>{summary}</span>
      <span className="flex gap-2">
        {step(page - 1, t("previous"), page > 1)}
        {step(page + 1, t("next"), page < pages)}
      </span>
    </div>
  );
}
