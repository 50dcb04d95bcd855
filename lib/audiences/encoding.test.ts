import { describe, expect, it } from "vitest";
import { decodeText, sniffEncoding } from "./encoding";

describe("decodeText", () => {
  const text = "cloud_id\r\n云ID-甲\r\nabc123\r\n";

  it.each([
    ["UTF-8", Buffer.from(text)],
    ["UTF-8 with its BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ["UTF-16LE with its BOM (Excel's Unicode Text)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["UTF-16BE with its BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()])],
    ["UTF-16LE without a BOM", Buffer.from(text, "utf16le")],
  ])("reads %s", (_, bytes) => {
    expect(decodeText(bytes)).toBe(text);
  });

  it("reads GBK (Excel on Chinese Windows) as GB18030", () => {
    // 手机 / 13800138000
    const gbk = Buffer.concat([Buffer.from("CAD6BBFA", "hex"), Buffer.from("\r\n13800138000\r\n")]);
    expect(sniffEncoding(gbk)).toBe("gb18030");
    expect(decodeText(gbk)).toBe("手机\r\n13800138000\r\n");
  });

  it("takes UTF-8 whose last character is cut off by the sample's end as UTF-8", () => {
    const bytes = Buffer.from("号码\n13800138000\n手");
    expect(sniffEncoding(bytes.subarray(0, bytes.length - 1))).toBe("utf-8");
  });
});
