import type { Db } from "@/lib/db";

/**
 * The opt-out list and audience members as the audiences component defines them. Until that
 * component's migration is on main, tests create the two tables the sender reads.
 */
export async function ensureAudienceTables(database: Db): Promise<void> {
  await database.$client.query(`
    create table if not exists suppressions (phone text primary key, created_at timestamptz not null default now());
    create table if not exists audience_members (audience_id uuid not null, phone text not null, source text not null default 'paste');
  `);
}
