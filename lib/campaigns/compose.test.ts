import { describe, expect, it } from "vitest";
import { DEFAULT_SMS_SETTINGS } from "@/lib/settings/sms";
import { checkSmsBody, previewSms } from "./compose";

const settings = { ...DEFAULT_SMS_SETTINGS, notificationTemplates: [{ id: "923584", name: "发货", paramCount: 2, text: "您的{1}已发货,详见{2}" }] };

describe("compose checks", () => {
  it("refuses marketing text over 30 characters", () => {
    expect(checkSmsBody({ activityId: "a", smsType: "Marketing", content: "字".repeat(31), templateId: "", templateParams: [] }, settings)).toEqual({
      content: { code: "campaigns.errors.contentTooLong", params: { max: 30, length: 31 } },
    });
    expect(checkSmsBody({ activityId: "a", smsType: "Marketing", content: "字".repeat(30), templateId: "", templateParams: [] }, settings)).toEqual({});
  });
  it("checks the notification template's parameter count", () => {
    expect(checkSmsBody({ activityId: "a", smsType: "Notification", content: "", templateId: "923584", templateParams: ["商品"] }, settings)).toEqual({
      templateParams: { code: "campaigns.errors.templateParams", params: { count: 2 } },
    });
    expect(checkSmsBody({ activityId: "a", smsType: "Notification", content: "", templateId: "923584", templateParams: ["商品", "/x"] }, settings)).toEqual({});
    expect(checkSmsBody({ activityId: "a", smsType: "Notification", content: "", templateId: "nope", templateParams: [] }, settings)).toEqual({
      templateId: { code: "campaigns.errors.noTemplate" },
    });
  });
});

describe("previewSms", () => {
  it("shows the signature, text, link and opt-out text with the billed estimate", () => {
    const p = previewSms({ smsType: "Marketing", content: "双十二五折", templateId: "", templateParams: [] }, settings, 1000);
    expect(p.text).toBe("【鸿雁】双十二五折,跳转小程序 https://tcbe.cn/XXXXXXXX 拒收请回复R");
    expect(p).toMatchObject({ segments: 1, billedMessages: 1000, useShortName: false });
  });
  it("fills a notification template", () => {
    expect(previewSms({ smsType: "Notification", content: "", templateId: "923584", templateParams: ["商品", "/x"] }, settings, 1).text).toBe("【鸿雁】您的商品已发货,详见/x");
  });
});
