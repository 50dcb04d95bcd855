import { describe, expect, it } from "vitest";
import { MAX_CLOUD_IDS, parseCloudIdList, phoneFromOpenData } from "./cloudids";
import { segmentFromAnswer } from "./cloud-function";
import { SourceError, storedSourceError } from "./errors";

function thrown(fn: () => unknown): SourceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SourceError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("parseCloudIdList", () => {
  it("reads one cloudID a line or comma-separated, skips a header, and counts repeats once", () => {
    const parsed = parseCloudIdList('cloud_id\n"a1"\r\nb2, c3，a1\n\n d4 ');
    expect(parsed.ids).toEqual(["a1", "b2", "c3", "d4"]);
    expect(parsed.positions).toEqual([1, 2, 3, 5]);
    expect(parsed.duplicates).toBe(1);
  });
  it("splits at control characters, so that no NUL reaches a stored cloudID", () => {
    // PostgreSQL refuses NUL in text and in JSON; a file read in the wrong encoding is full of them.
    expect(parseCloudIdList("a1\u0000b2\u0001c3\u001f").ids).toEqual(["a1", "b2", "c3"]);
  });
  it("refuses an empty list and more than 100,000 cloudIDs", () => {
    expect(thrown(() => parseCloudIdList(" \n ")).code).toBe("sources.errors.no_cloud_ids");
    const big = Array.from({ length: MAX_CLOUD_IDS + 1 }, (_, i) => `id${i}`).join("\n");
    expect(thrown(() => parseCloudIdList(big))).toMatchObject({ code: "sources.errors.too_many_cloud_ids", params: { count: MAX_CLOUD_IDS + 1 } });
  });
});

describe("phoneFromOpenData", () => {
  it("takes the country code and the pure number, or the phone number as given", () => {
    expect(phoneFromOpenData({ data: { phoneNumber: "13800138000", purePhoneNumber: "13800138000", countryCode: "86" } })).toEqual({ ok: true, phone: "+8613800138000" });
    expect(phoneFromOpenData({ data: { phoneNumber: "+85261234567" } })).toEqual({ ok: true, phone: "+85261234567" });
  });
  it("explains an error object in place of data, and open data without a phone number", () => {
    expect(phoneFromOpenData({ cloudID: "x", errCode: -1, errMsg: "invalid cloudID" })).toEqual({ ok: false, reason: "unknown_or_expired", detail: "-1 invalid cloudID" });
    expect(phoneFromOpenData({ data: { nickName: "a" } })).toMatchObject({ ok: false, reason: "no_phone" });
  });
});

describe("segmentFromAnswer", () => {
  it("reads phone numbers or cloudIDs from the usual shapes", () => {
    expect(segmentFromAnswer({ phoneNumbers: ["13800138000"] })).toEqual({ kind: "phones", values: ["13800138000"] });
    expect(segmentFromAnswer({ data: { cloudIds: ["c1"] } })).toEqual({ kind: "cloudids", values: ["c1"] });
    expect(segmentFromAnswer(["+86 138 0013 8000", 13900139000])).toEqual({ kind: "phones", values: ["+86 138 0013 8000", "13900139000"] });
    expect(segmentFromAnswer(["9_abc", "9_def"])).toEqual({ kind: "cloudids", values: ["9_abc", "9_def"] });
    expect(segmentFromAnswer([{ phoneNumber: "13800138000", name: "x" }])).toEqual({ kind: "phones", values: ["13800138000"] });
    expect(segmentFromAnswer({ result: [{ cloudID: "c9" }] })).toEqual({ kind: "cloudids", values: ["c9"] });
  });
  it("says why an answer is malformed", () => {
    expect(thrown(() => segmentFromAnswer("plain text")).params.problem).toBe("not_json");
    expect(thrown(() => segmentFromAnswer(null)).params.problem).toBe("null");
    expect(thrown(() => segmentFromAnswer(42)).params).toMatchObject({ problem: "not_object", type: "number" });
    expect(thrown(() => segmentFromAnswer([{ name: "x" }])).params).toMatchObject({ problem: "no_field", fields: "name" });
  });
});

describe("storedSourceError", () => {
  // The UI translates a code as it stands; a job that failed before codes were message keys must still read.
  it("reads a bare code stored by an older job as its message key, and keeps the parameters and WeChat's detail", () => {
    const wechat = { code: 40125, kind: "config", messageKey: "errors.40125", errmsg: "invalid appsecret", hint: "", api: "x" };
    expect(storedSourceError({ code: "too_many_cloud_ids", params: { count: 3, max: 2 } })).toEqual({ code: "sources.errors.too_many_cloud_ids", params: { count: 3, max: 2 } });
    expect(storedSourceError({ code: "sources.errors.wechat", params: {}, wechat })).toEqual({ code: "sources.errors.wechat", params: {}, wechat });
    expect(storedSourceError(null)).toBeNull();
  });
});
