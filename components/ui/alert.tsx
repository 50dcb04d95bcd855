import type { ReactNode } from "react";
import { cn } from "./cn";

const tones = {
  info: "border-border bg-muted text-foreground",
  warning: "border-warning/40 bg-warning/10 text-foreground",
  error: "border-destructive/40 bg-destructive/10 text-foreground",
  success: "border-success/40 bg-success/10 text-foreground",
} as const;

export function Alert({ tone = "info", title, children, className }: { tone?: keyof typeof tones; title?: ReactNode; children?: ReactNode; className?: string }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("rounded-md border px-4 py-3 text-sm", tones[tone], className)}>
      {title ? <p className="font-medium">{title}</p> : null}
      {children ? <div className={cn(title ? "mt-1 text-muted-foreground" : undefined)}>{children}</div> : null}
    </div>
  );
}
