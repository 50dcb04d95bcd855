import type { ReactNode } from "react";
import { cn } from "./cn";

/** Grey blocks in the shape of what is coming. */
export function Skeleton({ className }: { className?: string }) {
  return <div className={cn("animate-pulse rounded-md bg-muted", className)} aria-hidden />;
}

/** A page's title and description, as PageHeader lays them out. */
export function PageHeaderSkeleton({ actions = false }: { actions?: boolean }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="space-y-2">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-4 w-72 max-w-full" />
      </div>
      {actions ? <Skeleton className="h-9 w-28" /> : null}
    </div>
  );
}

/** A card holding a table: a header row, then `rows` lines of `columns` cells. */
export function TableSkeleton({ rows = 6, columns = 4 }: { rows?: number; columns?: number }) {
  return (
    <div className="rounded-lg border border-border bg-card p-4 shadow-sm">
      <div className="space-y-3">
        {Array.from({ length: rows + 1 }, (_, row) => (
          <div key={row} className="grid gap-4" style={{ gridTemplateColumns: `2fr repeat(${columns - 1}, minmax(0, 1fr))` }}>
            {Array.from({ length: columns }, (_, column) => (
              <Skeleton key={column} className={row === 0 ? "h-3 w-2/3" : "h-5"} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/** A row of figure tiles, as the analytics and campaign pages show them. */
export function TilesSkeleton({ count, className }: { count: number; className?: string }) {
  return (
    <div className={cn("grid grid-cols-2 gap-3", className)}>
      {Array.from({ length: count }, (_, i) => (
        <Skeleton key={i} className="h-[106px]" />
      ))}
    </div>
  );
}

/** A card with a title line above what it will hold (a chart, a list, figures). */
export function CardSkeleton({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div className={cn("rounded-lg border border-border bg-card shadow-sm", className)}>
      <div className="space-y-2 border-b border-border px-5 py-4">
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-3.5 w-64 max-w-full" />
      </div>
      <div className="px-5 py-4">{children}</div>
    </div>
  );
}

/** A pie beside its legend. */
export function PieSkeleton() {
  return (
    <div className="flex items-center gap-6">
      <Skeleton className="h-44 w-44 shrink-0 rounded-full" />
      <div className="flex-1 space-y-2">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-4" />
        ))}
      </div>
    </div>
  );
}

/** A title over a list (activities, audiences, campaigns) while the server loads it. */
export function ListPageSkeleton() {
  return (
    <div aria-busy="true" data-testid="page-loading">
      <PageHeaderSkeleton actions />
      <TableSkeleton />
    </div>
  );
}
