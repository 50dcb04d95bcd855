/**
 * The text encoding of an uploaded list, read from its first bytes: the CSV import on the server and the cloudID file
 * in the browser use the same rules. No Node.js APIs, so that both can.
 */
export type TextEncodingName = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

/** Bytes looked at to decide (or the whole file, when smaller). */
export const SNIFF_BYTES = 64 * 1024;

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Excel on Chinese Windows saves CSV as GBK. A start that is not UTF-8 (ignoring a character cut off at its end) is
 * read as GB18030, GBK's superset; numbers are ASCII either way, but header names and other text stay readable.
 * Excel's "Unicode Text" is UTF-16 (little-endian, tab-separated) with a byte order mark; without one, UTF-16 shows as
 * zero bytes on one side of the pairs, which is valid UTF-8 and would otherwise be read as such.
 */
export function sniffEncoding(start: Uint8Array): TextEncodingName {
  if (start[0] === 0xff && start[1] === 0xfe) return "utf-16le";
  if (start[0] === 0xfe && start[1] === 0xff) return "utf-16be";
  const head = start.subarray(0, SNIFF_BYTES);
  const zeros = [0, 0];
  for (let i = 0; i < head.length; i++) if (head[i] === 0) zeros[i % 2]++;
  // In UTF-16 each ASCII character (digits, separators, line ends) has a zero byte, on one side only.
  const enough = Math.max(2, head.length / 32);
  if (zeros[1] >= enough && zeros[1] >= 8 * zeros[0]) return "utf-16le";
  if (zeros[0] >= enough && zeros[0] >= 8 * zeros[1]) return "utf-16be";
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) if (isUtf8(head.subarray(0, head.length - cut))) return "utf-8";
  return "gb18030";
}

/** A whole file's text, in the encoding its start shows (a byte order mark is dropped). */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder(sniffEncoding(bytes)).decode(bytes);
}
