import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb } from "@/lib/db";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
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
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-vitest-pg-"));
  fs.chmodSync(dir, 0o755);
  const cluster = await startEmbeddedPostgres(path.join(dir, "data"), { fsync: false });
  const template = "hongyan_template";
  const admin = createDb(cluster.url("postgres"), 1);
  await admin.$client.query(`create database ${template}`);
  await admin.$client.end();
  const tdb = createDb(cluster.url(template), 1);
  await applyMigrations(tdb);
  await installJobQueue(tdb, jobRegistry);
  await tdb.$client.end();
  project.provide("pgServerUrl", cluster.url("postgres"));
  project.provide("pgTemplate", template);
  return async () => {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
