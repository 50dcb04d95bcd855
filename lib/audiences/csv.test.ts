import { describe, expect, it } from "vitest";
import { CsvImportError, type CsvOptions, detectLayout, readCsvPhones } from "./csv";

async function read(text: string | Buffer, options: Partial<CsvOptions> = {}, chunkSize = 7) {
  const bytes = Buffer.from(text);
  // Small chunks: records, multi-byte characters and the BOM are split across chunk boundaries.
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const csv = readCsvPhones(chunks(), { filename: "list.csv", ...options });
  const out = [];
  for await (const batch of csv.batches) out.push(...batch);
  return { candidates: out, layout: csv.layout() };
}

describe("detectLayout", () => {
  it("finds the phone column by its valid numbers and the header by its lack of them", () => {
    const sample = [
      ["name", "city", "mobile"],
      ["张三", "北京", "13800138000"],
      ["李四", "上海", "139 0013 9000"],
    ];
    expect(detectLayout(sample, ",")).toEqual({ delimiter: ",", hasHeader: true, phoneColumn: 2, columnName: "mobile", encoding: "utf-8" });
  });

  it("takes a file without a header when the first row already holds a number", () => {
    expect(detectLayout([["13800138000", "a"], ["13900139000", "b"]], ",")).toMatchObject({ hasHeader: false, phoneColumn: 0 });
  });

  it("prefers a column named like a phone when no sampled number is valid", () => {
    const sample = [["id", "手机号"], ["1", "12345"], ["2", "67890"]];
    expect(detectLayout(sample, ",")).toMatchObject({ hasHeader: true, phoneColumn: 1, columnName: "手机号" });
  });

  it("does not mistake a first row holding an invalid number for a header", () => {
    expect(detectLayout([["1380013800"], ["13900139000"]], ",")).toMatchObject({ hasHeader: false, phoneColumn: 0 });
  });

  it("follows an explicit column name, which implies a header", () => {
    expect(detectLayout([["a", "b"], ["13800138000", "13900139000"]], ",", { phoneColumn: "B" })).toMatchObject({ hasHeader: true, phoneColumn: 1 });
  });

  it("rejects a column name that the first row does not have, or a column number beyond the last", () => {
    expect(() => detectLayout([["a"]], ",", { phoneColumn: "phone" })).toThrow(CsvImportError);
    expect(() => detectLayout([["a", "b"]], ",", { phoneColumn: 2 })).toThrow(CsvImportError);
  });

  it("takes the column number it is given, and detects the header under it", () => {
    const sample = [["id", "phone", "other"], ["1", "13800138000", "13900139000"]];
    expect(detectLayout(sample, ",", { phoneColumn: 2 })).toMatchObject({ phoneColumn: 2, hasHeader: true, columnName: "other" });
  });
});

describe("readCsvPhones", () => {
  it("yields the phone cell of each data row with its file line and source", async () => {
    const { candidates, layout } = await read("\uFEFF姓名,手机\n张三,13800138000\n李四,\"139-0013-9000\"\n\n王五,abc\n");
    expect(layout).toEqual({ delimiter: ",", hasHeader: true, phoneColumn: 1, columnName: "手机", encoding: "utf-8" });
    expect(candidates).toEqual([
      { value: "13800138000", line: 2, source: "csv:list.csv:2" },
      { value: "139-0013-9000", line: 3, source: "csv:list.csv:3" },
      { value: "abc", line: 5, source: "csv:list.csv:5" },
    ]);
  });

  // Past the first 64 KB (read whole to decide the encoding), the file arrives in 3-byte chunks, so characters and
  // UTF-16 units are cut across chunks; the filler rows' full-width digits read right only if put back together.
  const FILLER_ROWS = 4000;
  const FULL_WIDTH = "１３７００１３７０００";

  it("reads a GBK file saved by Excel on Chinese Windows, characters split across chunks included", async () => {
    const gbk = (hex: string) => Buffer.from(hex.replace(/ /g, ""), "hex");
    // 姓名,手机 / 张三,13800138000 / 李四,139 0013 9000 / then 王五,１３７００１３７０００ again and again
    const filler = Buffer.concat([gbk("CDF5 CEE5"), Buffer.from(","), gbk("A3B1 A3B3 A3B7 A3B0 A3B0 A3B1 A3B3 A3B7 A3B0 A3B0 A3B0"), Buffer.from("\r\n")]);
    const file = Buffer.concat([
      gbk("D0D5 C3FB"), Buffer.from(","), gbk("CAD6 BBFA"), Buffer.from("\r\n"),
      gbk("D5C5 C8FD"), Buffer.from(",13800138000\r\n"),
      gbk("C0EE CBC4"), Buffer.from(",139 0013 9000\r\n"),
      ...Array<Buffer>(FILLER_ROWS).fill(filler),
    ]);
    expect(file.length).toBeGreaterThan(64 * 1024);
    const { candidates, layout } = await read(file, {}, 3);
    expect(layout).toMatchObject({ encoding: "gb18030", hasHeader: true, phoneColumn: 1, columnName: "手机" });
    expect(candidates.slice(0, 2).map((c) => [c.value, c.line])).toEqual([["13800138000", 2], ["139 0013 9000", 3]]);
    expect(candidates.length).toBe(2 + FILLER_ROWS);
    expect(candidates.filter((c) => c.value !== FULL_WIDTH).length).toBe(2);
  });

  it.each([
    ["utf-16le", Buffer.from([0xff, 0xfe])],
    ["utf-16be", Buffer.from([0xfe, 0xff])],
    ["utf-16le", Buffer.alloc(0)],
  ] as const)("reads a %s file (Excel's \"Unicode Text\", tab-separated), units split across chunks, BOM %j", async (encoding, bom) => {
    const text = `姓名\t手机\r\n张三\t13800138000\r\n李四\t139 0013 9000\r\n${`王五\t${FULL_WIDTH}\r\n`.repeat(FILLER_ROWS)}`;
    const le = Buffer.from(text, "utf16le");
    const body = encoding === "utf-16le" ? le : Buffer.from(le).swap16();
    const { candidates, layout } = await read(Buffer.concat([bom, body]), {}, 3);
    expect(layout).toMatchObject({ encoding, delimiter: "\t", hasHeader: true, phoneColumn: 1, columnName: "手机" });
    expect(candidates.slice(0, 2).map((c) => [c.value, c.line])).toEqual([["13800138000", 2], ["139 0013 9000", 3]]);
    expect(candidates.length).toBe(2 + FILLER_ROWS);
    expect(candidates.filter((c) => c.value !== FULL_WIDTH).length).toBe(2);
  });

  it("detects tab and semicolon delimiters", async () => {
    expect((await read("phone\tname\n13800138000\ta\n")).layout?.delimiter).toBe("\t");
    const semi = await read("name;phone\na;13800138000\n");
    expect(semi.layout).toMatchObject({ delimiter: ";", phoneColumn: 1 });
    expect(semi.candidates[0].value).toBe("13800138000");
  });

  it("reads a file that is only numbers, CRLF line ends and no final newline", async () => {
    const { candidates, layout } = await read("13800138000\r\n13900139000\r\n13700137000");
    expect(layout?.hasHeader).toBe(false);
    expect(candidates.map((c) => c.line)).toEqual([1, 2, 3]);
  });

  it("counts lines inside quoted cells so later line numbers stay true", async () => {
    const { candidates } = await read('note,phone\n"two\nlines",13800138000\nx,13900139000\n');
    expect(candidates.map((c) => c.line)).toEqual([3, 4]);
  });

  it("gives an empty value for a short row, so it is reported rather than dropped", async () => {
    const { candidates } = await read("name,phone\na,13800138000\nb\n");
    expect(candidates[1]).toEqual({ value: "", line: 3, source: "csv:list.csv:3" });
  });

  it("keeps only the file's base name in the source", async () => {
    const { candidates } = await read("13800138000\n", { filename: "C:\\Users\\me\\名单.csv" });
    expect(candidates[0].source).toBe("csv:名单.csv:1");
  });

  it("reads past the detection sample", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `1380000${String(i).padStart(4, "0")}`);
    const { candidates } = await read(`phone\n${rows.join("\n")}\n`, {}, 64);
    expect(candidates.length).toBe(120);
    expect(candidates[119]).toMatchObject({ value: rows[119], line: 121 });
  });

  it("refuses a file over the size limit", async () => {
    await expect(read("13800138000\n".repeat(100), { maxBytes: 500 })).rejects.toMatchObject({ problem: "too_large" });
  });

  it("refuses a file over the row limit, naming the line", async () => {
    await expect(read("phone\n" + "13800138000\n".repeat(11), { maxRows: 10 })).rejects.toMatchObject({ problem: "too_many_rows", line: 12 });
  });

  it("refuses a malformed file with the line where reading failed", async () => {
    const err = await read('phone\n13800138000\n"13900139000\n13700137000\n').catch((e) => e);
    expect(err).toBeInstanceOf(CsvImportError);
    expect(err.problem).toBe("malformed");
    expect(err.params).toEqual({ line: 4, reason: "unclosed_quote" });
  });

  it("names the column it was asked for and how many the file has, as parameters the UI translates", () => {
    const thrown = (phoneColumn: number | string) => {
      try {
        detectLayout([["name", "phone"]], ",", { phoneColumn });
      } catch (e) {
        return e as CsvImportError;
      }
      throw new Error("no error");
    };
    expect(thrown(2)).toMatchObject({ problem: "no_such_column", params: { line: 1, by: "number", column: 3, columns: 2 } });
    expect(thrown("手机")).toMatchObject({ problem: "no_such_column", params: { line: 1, by: "name", column: "手机", columns: 2 } });
  });

  it("tells an empty file from a header with nothing under it, and gives the limits it refused at", async () => {
    await expect(read("")).rejects.toMatchObject({ params: { detail: "empty" } });
    await expect(read("phone\n")).rejects.toMatchObject({ params: { detail: "header_only" } });
    await expect(read("13800138000\n".repeat(100_000), { maxBytes: 1024 * 1024 }, 64 * 1024)).rejects.toMatchObject({ problem: "too_large", params: { maxMegabytes: 1 } });
    await expect(read("phone\n" + "13800138000\n".repeat(11), { maxRows: 10 })).rejects.toMatchObject({ params: { line: 12, maxRows: 10 } });
  });

  it("refuses an empty file and a header with nothing under it", async () => {
    await expect(read("")).rejects.toMatchObject({ problem: "no_rows" });
    await expect(read("phone\n")).rejects.toMatchObject({ problem: "no_rows" });
  });
});
