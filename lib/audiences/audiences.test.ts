import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { users } from "@/lib/db/schema";
import {
  addSuppressions,
  countSendableMembers,
  createAudienceFromCandidates,
  createAudienceFromCsv,
  createAudienceFromPhones,
  CsvImportError,
  deleteAudience,
  getAudience,
  listAudienceMembers,
  listAudiences,
  listInvalidRows,
} from "./index";

let t: TestDatabase;
let userId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  [{ id: userId }] = await t.db.insert(users).values({ email: "m@example.com", passwordHash: "x", role: "marketer" }).returning({ id: users.id });
  await addSuppressions(t.db, { phones: ["13700137000", "13600136000"], reason: "replied R", addedBy: userId });
});
afterAll(async () => t.drop());

async function tableCount(table: string) {
  const r = await t.db.$client.query(`select count(*)::int as n from ${table}`);
  return r.rows[0].n as number;
}

const mixedCsv = [
  "name,手机号码,city", //             1 header
  "A,13800138000,北京", //              2 valid
  "B,+86 139 0013 9000,上海", //        3 valid
  "C,12345,广州", //                    4 invalid: too short
  "D,138-0013-8000,深圳", //            5 duplicate of line 2
  "E,13700137000,杭州", //              6 opted out
  "F,hello,成都", //                    7 invalid characters
  "G,0086 137 0013 7000,武汉", //       8 duplicate of the opted-out line 6
  "H,13500135000,西安", //              9 valid
  "I,,南京", //                        10 invalid: empty
].join("\n");

describe("createAudienceFromCsv", () => {
  it("reports a row holding NUL bytes as invalid, and keeps its value readable", async () => {
    // A stray NUL (a binary export, text pasted from a UTF-16 editor) must not reach PostgreSQL, which refuses it.
    const csv = Buffer.from("phone\n13800138000\n138\u00000013\u00009000\n");
    const report = await createAudienceFromCsv(t.db, Readable.from([csv]), { name: "NUL", createdBy: userId, filename: "nul.csv" });
    expect(report).toMatchObject({ rows: 2, valid: 1, invalid: 1, members: 1 });
    const rejects = await listInvalidRows(t.db, report.audienceId, { phones: "whole" });
    expect(rejects.map((r) => [r.line, r.value, r.reason])).toEqual([[3, "138\ufffd0013\ufffd9000", "invalid_characters"]]);
  });

  it("reports exact figures and line numbers for valid, invalid, duplicate and opted-out rows", async () => {
    const report = await createAudienceFromCsv(t.db, Readable.from([Buffer.from(mixedCsv)]), { name: "Mixed", createdBy: userId, filename: "mixed.csv" });
    expect(report).toMatchObject({ rows: 9, valid: 6, invalid: 3, duplicates: 2, optedOut: 1, members: 3 });
    expect(report.layout).toEqual({ delimiter: ",", hasHeader: true, phoneColumn: 1, columnName: "手机号码", encoding: "utf-8" });
    expect(report.invalidRows.map((r) => [r.line, r.value, r.reason])).toEqual([
      [4, "12345", "too_short"],
      [7, "hello", "invalid_characters"],
      [10, "", "empty"],
    ]);

    const members = await listAudienceMembers(t.db, report.audienceId, { phones: "whole" });
    expect(members.map((m) => [m.phone, m.source])).toEqual([
      ["+8613500135000", "csv:mixed.csv:9"],
      ["+8613800138000", "csv:mixed.csv:2"],
      ["+8613900139000", "csv:mixed.csv:3"],
    ]);
    expect((await listInvalidRows(t.db, report.audienceId, { phones: "whole" })).map((r) => r.line)).toEqual([4, 7, 10]);

    const saved = await getAudience(t.db, report.audienceId);
    expect(saved).toMatchObject({
      name: "Mixed",
      sourceKind: "csv",
      sourceLabel: "mixed.csv",
      createdByEmail: "m@example.com",
      rowCount: 9,
      validCount: 6,
      invalidCount: 3,
      duplicateCount: 2,
      optedOutCount: 1,
      memberCount: 3,
    });
    expect((await listAudiences(t.db)).some((a) => a.id === report.audienceId)).toBe(true);
  });

  it("keeps nothing of a file that turns out malformed part-way, after many rows were already written", async () => {
    const before = await Promise.all(["audiences", "audience_members", "audience_rejects"].map(tableCount));
    const good = Array.from({ length: 30_000 }, (_, i) => `${13000000000 + i}`).join("\n");
    const err = await createAudienceFromCsv(t.db, Readable.from([Buffer.from(`phone\n${good}\n"13900139000\n13800138000\n`)]), {
      name: "Broken",
      createdBy: userId,
      filename: "broken.csv",
    }).catch((e) => e);
    expect(err).toBeInstanceOf(CsvImportError);
    expect(err.problem).toBe("malformed");
    const after = await Promise.all(["audiences", "audience_members", "audience_rejects"].map(tableCount));
    expect(after).toEqual(before);
    expect((await listAudiences(t.db)).some((a) => a.name === "Broken")).toBe(false);
  });

  it("keeps nothing of an upload that breaks off mid-stream", async () => {
    const before = await tableCount("audience_members");
    async function* dropped() {
      yield Buffer.from("phone\n" + Array.from({ length: 20_000 }, (_, i) => `${15000000000 + i}`).join("\n") + "\n");
      throw new Error("connection reset");
    }
    await expect(createAudienceFromCsv(t.db, dropped(), { name: "Dropped", createdBy: userId, filename: "d.csv" })).rejects.toThrow("connection reset");
    expect(await tableCount("audience_members")).toBe(before);
  });

  it("keeps nothing of a file over the row limit", async () => {
    const before = await tableCount("audiences");
    const body = "13800138000\n13900139000\n13700137000\n";
    await expect(createAudienceFromCsv(t.db, Readable.from([body]), { name: "Big", createdBy: userId, filename: "b.csv", maxRows: 2 })).rejects.toMatchObject({
      problem: "too_many_rows",
    });
    expect(await tableCount("audiences")).toBe(before);
  });
});

describe("createAudienceFromPhones", () => {
  it("takes pasted text with newlines and commas and reports its line numbers", async () => {
    const report = await createAudienceFromPhones(t.db, {
      name: "Pasted",
      createdBy: userId,
      phones: "13800138000, 13900139000\n+86 136 0013 6000\nnope\n138 0013 8000",
    });
    expect(report).toMatchObject({ rows: 5, valid: 4, invalid: 1, duplicates: 1, optedOut: 1, members: 2 });
    expect(report.invalidRows).toEqual([{ line: 3, value: "nope", reason: "invalid_characters", source: "paste" }]);
    expect((await listAudienceMembers(t.db, report.audienceId, { phones: "whole" })).map((m) => m.source)).toEqual(["paste", "paste"]);
  });

  it("writes an audience whose every number is invalid, with no members", async () => {
    const report = await createAudienceFromPhones(t.db, { name: "None", createdBy: null, phones: ["x", "y"] });
    expect(report).toMatchObject({ rows: 2, valid: 0, invalid: 2, members: 0 });
  });
});

describe("createAudienceFromCandidates", () => {
  it("stores every member's source whole, whatever its characters, across many COPY chunks", async () => {
    // Tab, backslash, newline and carriage return (COPY's separators and escapes in its text format), before or
    // after a character outside ASCII (three bytes of UTF-8); 30,000 rows fill several of the 256 KB buffers the
    // rows are written in, and one source is longer than a buffer.
    const source = (i: number) =>
      i === 2 ? `${"长".repeat(100_000)}\t${i}` : i % 2 ? `paste\t\\${i}\r\n` : `function:拉新\t名单\\第${i}批\n\r`;
    const candidates = Array.from({ length: 30_000 }, (_, i) => ({ value: String(15000000000 + i), source: source(i) }));
    const report = await createAudienceFromCandidates(t.db, { name: "Chunks", createdBy: userId, sourceKind: "function" }, candidates);
    expect(report).toMatchObject({ rows: 30_000, valid: 30_000, members: 30_000 });
    const r = await t.db.$client.query<{ phone: string; source: string }>("select phone, source from audience_members where audience_id = $1 order by phone", [report.audienceId]);
    expect(r.rows.length).toBe(30_000);
    expect(r.rows.filter((m, i) => m.phone !== `+86${15000000000 + i}` || m.source !== source(i))).toEqual([]);
  });

  it("keeps each source's own label on its members", async () => {
    const report = await createAudienceFromCandidates(t.db, { name: "From cloudIDs", createdBy: userId, sourceKind: "cloudid" }, [
      { value: "+8613100131000", source: "cloudid:abc" },
      { value: "13200132000", source: "cloudid:def" },
    ]);
    expect(report.members).toBe(2);
    expect((await listAudienceMembers(t.db, report.audienceId, { phones: "whole" })).map((m) => m.source)).toEqual(["cloudid:abc", "cloudid:def"]);
  });
});

describe("audiences over time", () => {
  it("counts as sendable only members not opted out now, and deletes with its members", async () => {
    const report = await createAudienceFromPhones(t.db, { name: "Later", createdBy: userId, phones: "13300133000\n13400134000" });
    expect(await countSendableMembers(t.db, report.audienceId)).toBe(2);
    await addSuppressions(t.db, { phones: "13400134000", reason: "complaint", addedBy: userId });
    expect(await countSendableMembers(t.db, report.audienceId)).toBe(1);
    expect((await listAudienceMembers(t.db, report.audienceId, { phones: "whole" })).map((m) => [m.phone, m.optedOut])).toEqual([
      ["+8613300133000", false],
      ["+8613400134000", true],
    ]);

    expect(await deleteAudience(t.db, report.audienceId)).toBe("deleted");
    expect(await deleteAudience(t.db, report.audienceId)).toBe("notFound");
    expect(await getAudience(t.db, report.audienceId)).toBeNull();
    expect(await getAudience(t.db, "not-a-uuid")).toBeNull();
    expect(await listAudienceMembers(t.db, report.audienceId, { phones: "whole" })).toEqual([]);
  });
});
