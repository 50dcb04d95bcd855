import { describe, expect, it } from "vitest";
import { LOCAL_CODES, WechatError } from "@/lib/wechat";
import { classifySendFailure } from "./sms-api";

describe("classifySendFailure", () => {
  it("treats -1 as a refusal worth retrying: nothing was sent", () => {
    expect(classifySendFailure(new WechatError({ code: -1, errmsg: "system busy", api: "cloudbase.sendSms" }))).toMatchObject({ kind: "refused", errcode: -1, retryable: true });
  });
  it("does not retry a refusal waiting will not fix", () => {
    expect(classifySendFailure(new WechatError({ code: -601027, errmsg: "invalid env", api: "cloudbase.sendSms" }))).toMatchObject({ kind: "refused", retryable: false });
    expect(classifySendFailure(new WechatError({ code: -501007, errmsg: "配额不足", api: "cloudbase.sendSms" }))).toMatchObject({ kind: "refused", retryable: false });
  });
  it("makes a timeout or a dropped connection uncertain", () => {
    expect(classifySendFailure(new WechatError({ code: LOCAL_CODES.timeout, errmsg: "", api: "cloudbase.sendSms", uncertain: true })).kind).toBe("uncertain");
    expect(classifySendFailure(new WechatError({ code: LOCAL_CODES.network, errmsg: "ECONNRESET", api: "cloudbase.sendSms", uncertain: true })).kind).toBe("uncertain");
  });
  it("retries when the access token could not be fetched: sendsms was never called", () => {
    expect(classifySendFailure(new WechatError({ code: LOCAL_CODES.network, errmsg: "ECONNRESET", api: "stable_token", uncertain: true }))).toMatchObject({ kind: "refused", retryable: true });
  });
  it("retries a connection that provably never left", () => {
    expect(classifySendFailure(new WechatError({ code: LOCAL_CODES.network, errmsg: "ECONNREFUSED", api: "cloudbase.sendSms", uncertain: false }))).toMatchObject({ kind: "refused", retryable: true });
  });
  it("makes anything unexpected uncertain, the side that never sends twice", () => {
    expect(classifySendFailure(new TypeError("boom")).kind).toBe("uncertain");
  });
});
