import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "./test-support";

// The seed documents' examples use env "online-12345678910".
let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ envId: "online-12345678910" });
  await emu.control("simulation", { enabled: false, failureRate: 0 });
});
afterAll(async () => emu.close());

const marketing = {
  env: "online-12345678910",
  phone_number_list: ["+8612345678910"],
  sms_type: "Marketing",
  content: "发布了新的能力",
  path: "/index.html",
  use_short_name: true,
};

describe("sendSms", () => {
  it("answers the seed's Marketing example with the documented shape", async () => {
    const r = await emu.call("/tcb/sendsms", marketing);
    expect(r.errcode).toBe(0);
    expect(r.send_status_list).toHaveLength(1);
    const s = r.send_status_list[0];
    expect(Object.keys(s).sort()).toEqual(["code", "iso_code", "message", "phone_number", "serial_no"]);
    expect(s).toMatchObject({ phone_number: "+8612345678910", code: "Ok", message: "send success" });
    expect(s.serial_no).toMatch(/^\d+:\S+\d{8}$/);
  });

  it("answers the seed's Notification example", async () => {
    const r = await emu.call("/tcb/sendsms", {
      env: "online-12345678910",
      phone_number_list: ["+8612345678910"],
      sms_type: "Notification",
      template_id: "923584",
      template_param_list: ["商品", "/index.html"],
    });
    expect(r.errcode).toBe(0);
    expect(r.send_status_list[0].code).toBe("Ok");
  });

  it("records each number with its serial number, status and the activity the path carries", async () => {
    const phones = ["+8613800000001", "+8613800000002", "+8613800000003"];
    const r = await emu.call("/tcb/sendsms", { ...marketing, phone_number_list: phones, path: "/h5/act-9?activityId=act-9&source=_cms_sms_" });
    const serials = r.send_status_list.map((s: { serial_no: string }) => s.serial_no);
    expect(new Set(serials).size).toBe(3);
    const rows = await emu.t.db.execute<{ serial_no: string; phone_number: string; code: string; activity_id: string; channel_id: string }>(
      sql`select serial_no, phone_number, code, activity_id, channel_id from emu_sms where serial_no = any(${sql.param(serials)}::text[]) order by phone_number`,
    );
    expect(rows.rows.map((x) => [x.phone_number, x.code, x.activity_id, x.channel_id])).toEqual(phones.map((p) => [p, "Ok", "act-9", "_cms_sms_"]));
  });

  it.each([
    ["more than 1000 numbers", { phone_number_list: Array.from({ length: 1001 }, (_, i) => `+86138${String(i).padStart(8, "0")}`) }, /1000/],
    ["a number without +86", { phone_number_list: ["13800000001"] }, /\+86/],
    ["a number with too few digits", { phone_number_list: ["+861380000000"] }, /\+86/],
    ["content over 30 characters", { content: "一".repeat(31) }, /content/],
    ["Marketing without path", { path: undefined }, /path/],
    ["Marketing without content", { content: undefined }, /content/],
    ["an empty number list", { phone_number_list: [] }, /phone_number_list/],
    ["an unknown sms_type", { sms_type: "Promo" }, /sms_type/],
  ])("rejects %s with -501007 and the reason", async (_, change, reason) => {
    const r = await emu.call("/tcb/sendsms", { ...marketing, ...change });
    expect(r.errcode).toBe(-501007);
    expect(r.errmsg).toMatch(reason);
  });

  it("accepts exactly 1000 numbers and 30 characters of content", async () => {
    const r = await emu.call("/tcb/sendsms", {
      ...marketing,
      content: "一".repeat(30),
      phone_number_list: Array.from({ length: 1000 }, (_, i) => `+86139${String(i).padStart(8, "0")}`),
    });
    expect(r.errcode).toBe(0);
    expect(r.send_status_list).toHaveLength(1000);
  });

  it("rejects Notification without template_id or template_param_list with -501007", async () => {
    const base = { env: "online-12345678910", phone_number_list: ["+8613800000001"], sms_type: "Notification" };
    const a = await emu.call("/tcb/sendsms", { ...base, template_param_list: ["x"] });
    expect(a.errcode).toBe(-501007);
    expect(a.errmsg).toMatch(/template_id/);
    const b = await emu.call("/tcb/sendsms", { ...base, template_id: "1" });
    expect(b.errcode).toBe(-501007);
    expect(b.errmsg).toMatch(/template_param_list/);
  });

  it("answers -601027 for an unknown environment", async () => {
    const r = await emu.call("/tcb/sendsms", { ...marketing, env: "other-env" });
    expect(r.errcode).toBe(-601027);
  });

  it("fails the configured share of numbers with a realistic code", async () => {
    await emu.control("simulation", { failureRate: 1 });
    const r = await emu.call("/tcb/sendsms", { ...marketing, phone_number_list: ["+8613800000001", "+8613800000002"] });
    expect(r.errcode).toBe(0);
    for (const s of r.send_status_list) {
      expect(s.code).not.toBe("Ok");
      expect(s.code).toMatch(/^(LimitExceeded|FailedOperation)\./);
      expect(s.message.length).toBeGreaterThan(0);
    }
    await emu.control("simulation", { failureRate: 0 });
  });
});
