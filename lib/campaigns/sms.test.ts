import { describe, expect, it } from "vitest";
import { composeSms, estimateSms, resolveSignature, smsLength, smsSegments } from "./sms";

describe("composeSms", () => {
  it("reproduces the seed document's marketing example", () => {
    const text = composeSms("云开发", { smsType: "Marketing", content: "能力上新", link: "https://tcbe.cn/VcdrUJK0" }, "回T退订");
    expect(text).toBe("【云开发】能力上新,跳转小程序 https://tcbe.cn/VcdrUJK0 回T退订");
  });

  it("appends the configured opt-out text to marketing SMS", () => {
    const text = composeSms("鸿雁", { smsType: "Marketing", content: "双十二五折" }, "拒收请回复R");
    expect(text.endsWith(" 拒收请回复R")).toBe(true);
    expect(text.startsWith("【鸿雁】双十二五折,")).toBe(true);
  });

  it("fills notification template parameters in order", () => {
    const text = composeSms("鸿雁", { smsType: "Notification", templateText: "您的{1}已发货,详见{2}", params: ["商品", "/index.html"] }, "拒收请回复R");
    expect(text).toBe("【鸿雁】您的商品已发货,详见/index.html");
  });
});

describe("resolveSignature", () => {
  it("uses the name when it is at most 12 characters", () => {
    expect(resolveSignature({ name: "十二个字的小程序名称啊啊", shortName: "简称", useShortName: false })).toEqual({ signature: "十二个字的小程序名称啊啊", useShortName: false });
  });
  it("switches to the short name when the name is longer than 12 characters", () => {
    expect(resolveSignature({ name: "十三个字的小程序名称啊啊啊", shortName: "简称", useShortName: false })).toEqual({ signature: "简称", useShortName: true });
  });
  it("uses the short name when asked to", () => {
    expect(resolveSignature({ name: "鸿雁", shortName: "雁", useShortName: true }).signature).toBe("雁");
  });
});

describe("smsLength and smsSegments", () => {
  it("counts every character as 1, Chinese, Latin or emoji", () => {
    expect(smsLength("中文abc😀")).toBe(6);
  });
  it("bills 70 characters as one SMS and 71 as two 67-character segments", () => {
    expect(smsSegments("字".repeat(70))).toBe(1);
    expect(smsSegments("字".repeat(71))).toBe(2);
    expect(smsSegments("字".repeat(134))).toBe(2);
    expect(smsSegments("字".repeat(135))).toBe(3);
    expect(smsSegments("")).toBe(0);
  });
  it("counts the link and the opt-out text", () => {
    const text = composeSms("鸿雁", { smsType: "Marketing", content: "字".repeat(30) }, "拒收请回复R");
    // 4 (【鸿雁】) + 30 + 1 (,) + 5 (跳转小程序) + 1 + 24 (link) + 1 + 6 (拒收请回复R)
    expect(smsLength(text)).toBe(72);
    expect(smsSegments(text)).toBe(2);
  });
});

describe("estimateSms", () => {
  it("multiplies segments by recipients for the billed estimate", () => {
    expect(estimateSms("字".repeat(71), 1000)).toMatchObject({ length: 71, segments: 2, billedMessages: 2000 });
  });
});
