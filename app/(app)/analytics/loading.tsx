import { CardSkeleton, PageHeaderSkeleton, PieSkeleton, Skeleton, TilesSkeleton } from "@/components/ui/skeleton";

/**
 * An analytics page's shape (filters, figure tiles, a chart, two pies) while its activities load. Every
 * analytics page is open to every role the app's layout lets in, so none of them answers 403 or 404 below it.
 */
export default function Loading() {
  return (
    <div aria-busy="true" data-testid="page-loading">
      <PageHeaderSkeleton />
      <div className="mb-6 flex flex-col gap-3 rounded-lg border border-border bg-card/60 p-3 lg:flex-row">
        <Skeleton className="h-9 w-full lg:w-72" />
        <Skeleton className="h-9 w-full lg:w-96" />
      </div>
      <div className="space-y-6">
        <TilesSkeleton count={5} className="md:grid-cols-3 xl:grid-cols-5" />
        <CardSkeleton>
          <Skeleton className="h-72" />
        </CardSkeleton>
        <div className="grid gap-6 lg:grid-cols-2">
          {[0, 1].map((pie) => (
            <CardSkeleton key={pie}>
              <PieSkeleton />
            </CardSkeleton>
          ))}
        </div>
      </div>
    </div>
  );
}
