// Each component declares its tables in its own file; this index is what drizzle-kit and the app read.
export * from "./auth";
export * from "./audit";
export * from "./settings";
export * from "./audiences";
export * from "./campaigns";
export * from "./emulator";
export * from "./activities";
export * from "./audience-sources";
export * from "./history";
export * from "./abtests";
export * from "./jobs";
