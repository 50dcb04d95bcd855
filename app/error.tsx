"use client";

// Errors above the pages (the app's layout reads the session from the database) land here, inside the root layout.
export { PageError as default } from "@/components/shell/page-error";
