import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedDatabaseUrl, startEmbeddedPostgres } from "./embedded";

/** The embedded PostgreSQL's own credentials, and what a second process needs to find it. */
const made: string[] = [];
function tmpFolder(mode: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-embedded-"));
  fs.chmodSync(dir, mode);
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

async function canConnect(config: pg.ClientConfig | string): Promise<string> {
  const client = new pg.Client(config);
  try {
    await client.connect();
    await client.end();
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe("the embedded PostgreSQL", () => {
  it("gets a random password, kept in the data folder, and tells other processes where it runs", async () => {
    const data = path.join(tmpFolder(0o755), "data");
    const cluster = await startEmbeddedPostgres(path.join(data, "postgres"), { fsync: false });
    try {
      const password = fs.readFileSync(path.join(data, "postgres-password"), "utf8").trim();
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(fs.statSync(path.join(data, "postgres-password")).mode & 0o077).toBe(0);
      const port = Number(fs.readFileSync(path.join(data, "postgres-port"), "utf8"));
      // The old fixed credentials no longer open it; the ones in the data folder do, with nothing copied by hand.
      expect(await canConnect({ host: "127.0.0.1", port, user: "postgres", password: "postgres", database: "postgres" })).toBe("28P01");
      expect(embeddedDatabaseUrl(data, "postgres")).toBe(cluster.url("postgres"));
      expect(await canConnect(embeddedDatabaseUrl(data, "postgres")!)).toBe("ok");
    } finally {
      await cluster.stop();
    }
    // Stopped: nothing to find any more.
    expect(embeddedDatabaseUrl(data)).toBeUndefined();
  });

  it.runIf(os.userInfo().uid === 0)("as root, starts again on the data it made before (its data folder is the postgres user's, 0700)", async () => {
    // As `npm start` with HONGYAN_DATA_DIR a fresh private temp folder (it opens it to other users on first start).
    const dir = path.join(tmpFolder(0o700), "postgres");
    const first = await startEmbeddedPostgres(dir, { fsync: false });
    await first.stop();
    const again = await startEmbeddedPostgres(dir, { fsync: false });
    try {
      expect(await canConnect(again.url("postgres"))).toBe("ok");
    } finally {
      await again.stop();
    }
  });

  it.runIf(os.userInfo().uid === 0)("as root, says in one sentence why a private folder cannot hold the data, and what to do", async () => {
    const privateFolder = tmpFolder(0o700);
    const err = await startEmbeddedPostgres(path.join(privateFolder, "data", "postgres")).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain(`cannot enter ${privateFolder}`);
    expect(err!.message).toMatch(/move Hongyan .* or set DATABASE_URL/);
    expect(err!.message.split(/\.\s/)).toHaveLength(1);
    expect(err!.message).not.toMatch(/EACCES|\n/);
  });
});
