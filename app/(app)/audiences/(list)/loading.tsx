import { ListPageSkeleton } from "@/components/ui/skeleton";

// In a route group of its own so the skeleton covers the list only: under it the page has already answered
// 200, and the pages beside it (new, [id]) must still answer 403 or 404 when they refuse.
export default ListPageSkeleton;
