import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { auditEntries } from "@/test/audit";
import { users } from "@/lib/db/schema";
import { changedSmsFields, DEFAULT_SMS_SETTINGS, getSmsSettings, parseSmsSettings, saveSmsSettings, smsSettingsFormSchema } from "./sms";

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
    it("write an audit entry per save: who saved, and each changed field with its new value", async () => {
      const [admin] = await t.db.insert(users).values({ email: "admin@example.com", passwordHash: "x", role: "admin" }).returning({ id: users.id });
      const before = await getSmsSettings(t.db);
      const allowedHours = { start: "09:00", end: "20:00" };
      await saveSmsSettings(t.db, { ...before, optOutText: "回T退订", allowedHours }, admin.id);
      const entries = await auditEntries(t.db, "settings.sms");
      expect(entries.at(-1)).toEqual({ userId: admin.id, action: "settings.sms", subject: "sms", details: { changed: ["optOutText", "allowedHours"], optOutText: "回T退订", allowedHours } });
    });
  });
});

describe("the Settings form's rules", () => {
  const base = DEFAULT_SMS_SETTINGS;
  const messages = (value: unknown) => {
    const r = smsSettingsFormSchema.safeParse(value);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };
  it("accept the defaults", () => {
    expect(messages(base)).toEqual({});
  });
  it("need a short name when it is to be used, and when the name is longer than 12 characters", () => {
    expect(messages({ ...base, signature: { name: "鸿雁", shortName: "", useShortName: true } })).toEqual({ "signature.shortName": "settings.sms.errors.shortNameRequired" });
    expect(messages({ ...base, signature: { name: "鸿雁短信营销数据分析平台官方", shortName: "", useShortName: false } })).toEqual({ "signature.useShortName": "settings.sms.errors.nameTooLongUseShort" });
  });
  it("refuse an empty opt-out text, a bad time and duplicate or miscounted templates", () => {
    expect(messages({ ...base, optOutText: " ", allowedHours: { start: "8:00", end: "21:00" } })).toEqual({ optOutText: "settings.sms.errors.optOutRequired", "allowedHours.start": "settings.sms.errors.hhmm" });
    const t = { id: "1", name: "", paramCount: 2, text: "{1} 已发货" };
    expect(messages({ ...base, notificationTemplates: [t, { ...t, paramCount: 1 }] })).toEqual({
      "notificationTemplates.0.paramCount": "settings.sms.errors.templateCountMismatch",
      "notificationTemplates.1.id": "settings.sms.errors.templateDuplicate",
    });
  });
  it("name the fields a save changed", () => {
    expect(changedSmsFields(base, { ...base, optOutText: "回T退订" })).toEqual(["optOutText"]);
  });
});
