import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";

/**
 * Where Hongyan keeps what it must remember between starts on one machine:
 * the embedded PostgreSQL cluster and the secrets generated on first start.
 * HONGYAN_DATA_DIR moves it (the tests give every run its own).
 */
export function dataDir(): string {
  return path.resolve(process.env.HONGYAN_DATA_DIR ?? ".data");
}

/** Reads a secret kept in the data directory, generating it the first time. */
export function persistentSecret(name: string, make: () => string = () => crypto.randomBytes(32).toString("base64url")): string {
  const dir = dataDir();
  const file = path.join(dir, name);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const value = make();
    try {
      // "wx" so that two processes starting at once agree on one value.
      fs.writeFileSync(file, value + "\n", { mode: 0o600, flag: "wx" });
      return value;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
