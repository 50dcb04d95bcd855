import { describe, expect, it } from "vitest";
import en from "@/messages/en/wechat.json";
import zh from "@/messages/zh-CN/wechat.json";
import { KNOWN_ERROR_CODES, WechatError } from "./errors";

describe("user-facing sentences for WeChat errors", () => {
  it.each([["zh-CN", zh], ["en", en]] as const)("%s has a sentence for every known errcode and the special keys", (_locale, messages) => {
    const keys = Object.keys(messages.errors);
    for (const code of KNOWN_ERROR_CODES) expect(keys).toContain(String(code));
    expect(keys).toEqual(expect.arrayContaining(["smsQuota", "cloudFunctionTimeout", "default"]));
  });

  it("has the same keys in both locales", () => {
    expect(Object.keys(zh.errors).sort()).toEqual(Object.keys(en.errors).sort());
  });

  it("points an unknown errcode at the default sentence and keeps WeChat's message", () => {
    const error = new WechatError({ code: 99999, errmsg: "something new", api: "cloudbase.sendSms" });
    expect(error).toMatchObject({ kind: "other", messageKey: "errors.default", uncertain: false });
    expect(error.message).toContain("99999 (something new)");
  });

  it("asks to wait until the next minute on 45011", () => {
    const error = new WechatError({ code: 45011, errmsg: "api minute-quota reach limit", api: "cloudbase.getStatistics" });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });
});
