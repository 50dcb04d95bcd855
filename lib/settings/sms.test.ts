import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { DEFAULT_SMS_SETTINGS, getSmsSettings, parseSmsSettings, saveSmsSettings } from "./sms";

describe("SMS settings", () => {
  it("default to 拒收请回复R, 08:00–21:00 and 2 batches in flight", () => {
    expect(DEFAULT_SMS_SETTINGS).toMatchObject({ optOutText: "拒收请回复R", allowedHours: { start: "08:00", end: "21:00" }, batchesInFlight: 2 });
  });
  it("keep the valid fields of a partly broken stored value", () => {
    const s = parseSmsSettings({ optOutText: "回T退订", allowedHours: { start: "25:00", end: "21:00" } });
    expect(s.optOutText).toBe("回T退订");
    expect(s.allowedHours).toEqual({ start: "08:00", end: "21:00" });
  });

  describe("in the settings table", () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase();
    });
    afterAll(async () => t.drop());
    it("read the defaults when nothing is stored, and what was saved after", async () => {
      expect(await getSmsSettings(t.db)).toEqual(DEFAULT_SMS_SETTINGS);
      await saveSmsSettings(t.db, { ...DEFAULT_SMS_SETTINGS, notificationTemplates: [{ id: "923584", name: "发货", paramCount: 2, text: "{1}已发货 {2}" }] }, null);
      expect((await getSmsSettings(t.db)).notificationTemplates).toEqual([{ id: "923584", name: "发货", paramCount: 2, text: "{1}已发货 {2}" }]);
    });
  });
});
