import { PageHeaderSkeleton, TableSkeleton } from "@/components/ui/skeleton";

/** Most pages are a title over a list: this holds their place while the server loads it. */
export default function Loading() {
  return (
    <div aria-busy="true" data-testid="page-loading">
      <PageHeaderSkeleton actions />
      <TableSkeleton />
    </div>
  );
}
