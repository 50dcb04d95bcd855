import crypto from "node:crypto";
import { splitSizes, variantOfRank } from "./split";

/** The key numbers are ordered by; SQL: `md5(seed || ':' || phone)`. */
export function splitKey(seed: string, phone: string): string {
  return crypto.createHash("md5").update(`${seed}:${phone}`).digest("hex");
}

/** The whole split of a small list (tests, previews): number → variant index, or null for the remainder. */
export function assignVariants(phones: readonly string[], seed: string, sharePercent: number, variants: number): Map<string, number | null> {
  const distinct = [...new Set(phones)];
  const ordered = distinct
    .map((phone) => ({ phone, key: splitKey(seed, phone) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0));
  const sizes = splitSizes(distinct.length, sharePercent, variants);
  return new Map(ordered.map((x, rank) => [x.phone, variantOfRank(rank, sizes)]));
}
