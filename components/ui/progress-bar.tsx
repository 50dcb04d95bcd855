import { cn } from "./cn";

const fills = { primary: "bg-primary", warning: "bg-warning", destructive: "bg-destructive" } as const;
const heights = { sm: "h-2", md: "h-2.5", lg: "h-3" } as const;

/** A horizontal bar for work in progress (a send, an upload, a source job); `percent` from 0 to 100. */
export function ProgressBar({
  percent,
  label,
  tone = "primary",
  size = "md",
  className,
  ...rest
}: { percent: number; label?: string; tone?: keyof typeof fills; size?: keyof typeof heights; className?: string; "data-testid"?: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div
      className={cn("w-full overflow-hidden rounded-full bg-muted", heights[size], className)}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-label={label}
      {...rest}
    >
      <div className={cn("h-full rounded-full transition-all", fills[tone])} style={{ width: `${value}%` }} />
    </div>
  );
}
