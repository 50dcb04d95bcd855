import type { TestProject } from "vitest/node";
import { createDb } from "@/lib/db";
import { startScratchDatabase } from "@/lib/db/scratch";
import { installJobQueue } from "@/lib/jobs/boss";
import { jobRegistry } from "@/lib/jobs/registry";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

/**
 * One embedded PostgreSQL for the whole run, with a template database that has every
 * migration applied and the job queue installed; each test file clones it (test/db.ts), so files never see each other's rows.
 */
export default async function setup(project: TestProject) {
  const template = "hongyan_template";
  const scratch = await startScratchDatabase({ purpose: "vitest", database: template, fsync: false });
  const tdb = createDb(scratch.url, 1);
  try {
    await installJobQueue(tdb, jobRegistry);
  } finally {
    await tdb.$client.end();
  }
  project.provide("pgServerUrl", scratch.serverUrl("postgres"));
  project.provide("pgTemplate", template);
  return () => scratch.stop();
}
