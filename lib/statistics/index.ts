export * from "./columnar";
export * from "./rows";
export * from "./derive";
export * from "./paging";
