import path from "node:path";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type { Db } from "./index";

export const migrationsFolder = path.resolve(process.cwd(), "lib/db/migrations");

export async function applyMigrations(database: Db): Promise<void> {
  await migrate(database, { migrationsFolder });
}
