/**
 * The daily statistics store (ARCHITECTURE.md): per activity × channel × China day, synced from getStatistics,
 * final once fetched after the day has settled; trends, comparisons and cost are read from it.
 */
export * from "./days";
export * from "./limiter";
export * from "./store";
export * from "./sync";
export * from "./refresh";
export * from "./read";
export * from "./cost";
export * from "./status";
