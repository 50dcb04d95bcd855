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

/** Reads a secret kept in the data directory (or `dir`), generating it the first time. */
export function persistentSecret(name: string, make: () => string = () => crypto.randomBytes(32).toString("base64url"), dir: string = dataDir()): string {
  const file = path.join(dir, name);
  try {
    return fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim();
  } catch {
    // The folder stays traversable (the embedded PostgreSQL runs as its own user); each secret file is 0600.
    fs.mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true });
    const value = make();
    try {
      // "wx" so that two processes starting at once agree on one value.
      fs.writeFileSync(/*turbopackIgnore: true*/ file, value + "\n", { mode: 0o600, flag: "wx" });
      return value;
    } catch {
      return fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8").trim();
    }
  }
}
