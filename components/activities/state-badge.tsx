import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { STATUS_TONES } from "@/components/ui/status-tones";
import type { ActivityState } from "@/lib/activities/activities";


export function StateBadge({ state }: { state: ActivityState }) {
  const t = useTranslations("activities.state");
  return (
    <Badge tone={STATUS_TONES.activity[state]} className="whitespace-nowrap">
      <span data-state={state}>{t(state)}</span>
    </Badge>
  );
}
