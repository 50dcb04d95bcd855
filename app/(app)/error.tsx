"use client";

// A page that fails to load keeps the sidebar and header around this message.
export { PageError as default } from "@/components/shell/page-error";
