import type { TestProject } from "vitest/node";
import { startScratchDatabase } from "@/lib/db/scratch";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

/**
 * One embedded PostgreSQL for the whole run, with a template database that has every
 * migration applied; each test file clones it (test/db.ts), so files never see each other's rows.
 */
export default async function setup(project: TestProject) {
  const template = "hongyan_template";
  const scratch = await startScratchDatabase({ purpose: "vitest", database: template, fsync: false });
  project.provide("pgServerUrl", scratch.serverUrl("postgres"));
  project.provide("pgTemplate", template);
  return () => scratch.stop();
}
