import type { Candidate } from "./pipeline";

// Commas (ASCII and full-width), semicolons, the enumeration comma 、 and tabs separate numbers on one line;
// spaces do not, because people write `138 0013 8000`.
const ENTRY_SEPARATORS = /[,，;；、\t]/;

/** Pasted text, one or more numbers a line; blank entries are skipped, each entry keeps its line number. */
export function* parsePastedPhones(text: string): Generator<Candidate> {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    for (const entry of lines[i].split(ENTRY_SEPARATORS)) {
      if (entry.trim() === "") continue;
      yield { value: entry, line: i + 1, source: "paste" };
    }
  }
}

/** Pasted text, or values already split (each one's line is its position in the list). */
export function pastedCandidates(phones: string | string[]): Iterable<Candidate> {
  return typeof phones === "string" ? parsePastedPhones(phones) : phones.map((value, i) => ({ value, line: i + 1, source: "paste" }));
}
