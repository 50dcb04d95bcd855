import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ActivityState } from "@/lib/activities/activities";

const TONE = { open: "success", not_started: "primary", ended: "neutral", closed: "warning" } as const;

export function StateBadge({ state }: { state: ActivityState }) {
  const t = useTranslations("activities.state");
  return (
    <Badge tone={TONE[state]} className="whitespace-nowrap">
      <span data-state={state}>{t(state)}</span>
    </Badge>
  );
}
