import { CardSkeleton, PageHeaderSkeleton, Skeleton, TableSkeleton } from "@/components/ui/skeleton";

/** A campaign's shape (progress bar, six counts, the message, the recipients) while its progress loads. */
export default function Loading() {
  return (
    <div aria-busy="true" data-testid="page-loading">
      <PageHeaderSkeleton actions />
      <div className="space-y-6">
        <CardSkeleton>
          <div className="space-y-4">
            <Skeleton className="h-3 w-full rounded-full" />
            <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
              {Array.from({ length: 6 }, (_, i) => (
                <Skeleton key={i} className="h-[70px]" />
              ))}
            </div>
          </div>
        </CardSkeleton>
        <CardSkeleton>
          <Skeleton className="h-12" />
        </CardSkeleton>
        <TableSkeleton rows={5} columns={4} />
      </div>
    </div>
  );
}
