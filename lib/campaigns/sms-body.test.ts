import { describe, expect, it } from "vitest";
import { smsBodyColumns, smsBodyFromForm, smsBodyOf } from "./sms-body";

describe("SmsBody", () => {
  it("links a marketing SMS to the activity's landing page and drops the template fields", () => {
    const body = smsBodyFromForm({ activityId: "demo-double11", smsType: "Marketing", content: "双十二五折", templateId: "923584", templateParams: ["x"] });
    expect(body).toEqual({ smsType: "Marketing", content: "双十二五折", path: "/landing/index.html?activityId=demo-double11&source=_cms_sms_" });
    expect(smsBodyColumns(body)).toEqual({ smsType: "Marketing", content: "双十二五折", path: "/landing/index.html?activityId=demo-double11&source=_cms_sms_", templateId: null, templateParams: null });
  });

  it("keeps a notification's template and parameters and no text", () => {
    const body = smsBodyFromForm({ activityId: "a", smsType: "Notification", content: "ignored", templateId: "923584", templateParams: ["商品", "/x"] });
    expect(smsBodyColumns(body)).toEqual({ smsType: "Notification", content: null, path: null, templateId: "923584", templateParams: ["商品", "/x"] });
  });

  it("reads back from a task's columns what was stored", () => {
    for (const body of [
      smsBodyFromForm({ activityId: "a", smsType: "Marketing", content: "五折", templateId: "", templateParams: [] }),
      smsBodyFromForm({ activityId: "a", smsType: "Notification", content: "", templateId: "1", templateParams: ["p"] }),
    ]) {
      expect(smsBodyOf(smsBodyColumns(body))).toEqual(body);
    }
  });
});
