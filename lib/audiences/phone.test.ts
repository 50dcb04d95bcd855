import { describe, expect, it } from "vitest";
import { maskPhone, normalisePhone, phoneKey, showPhone } from "./phone";

describe("normalisePhone", () => {
  it.each([
    ["13800138000", "bare 11 digits"],
    ["138 0013 8000", "spaces"],
    ["138-0013-8000", "dashes"],
    ["138.0013.8000", "dots"],
    ["(138)0013-8000", "parentheses"],
    ["138 - 0013 - 8000", "spaced dashes"],
    ["138–0013–8000", "en dashes"],
    ["8613800138000", "86 prefix"],
    ["86 138 0013 8000", "86 prefix with spaces"],
    ["+8613800138000", "+86 prefix"],
    ["+86 13800138000", "+86 and a space"],
    ["+86 138 0013 8000", "+86 with spaces throughout"],
    ["+86-138-0013-8000", "+86 with dashes"],
    ["(+86) 138 0013 8000", "+86 in parentheses"],
    ["0086 13800138000", "0086 prefix"],
    ["008613800138000", "0086 prefix without space"],
    ["１３８００１３８０００", "full-width digits"],
    ["＋８６ １３８　００１３　８０００", "full-width plus, digits and ideographic spaces"],
    ["（１３８）００１３－８０００", "full-width parentheses and dash"],
    ["  13800138000\t", "surrounding whitespace"],
    ["'13800138000", "Excel's leading apostrophe"],
    ['"13800138000"', "quotes"],
    ["138\u00a00013\u00a08000", "no-break spaces"],
  ])("accepts %j (%s) as +8613800138000", (raw) => {
    expect(normalisePhone(raw)).toEqual({ ok: true, phone: "+8613800138000" });
  });

  it.each(["13000000000", "14512345678", "16612345678", "17712345678", "19912345678", "15912345678", "18812345678"])(
    "accepts every 13-19 prefix: %s",
    (raw) => {
      expect(normalisePhone(raw)).toEqual({ ok: true, phone: `+86${raw}` });
    },
  );

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["　", "empty"],
    ["phone", "invalid_characters"],
    ["138001380OO", "invalid_characters"],
    ["13800138000 ext 12", "invalid_characters"],
    ["138+00138000", "invalid_characters"],
    ["1.38001E+10", "scientific_notation"],
    ["1.3800138E10", "scientific_notation"],
    ["+1 415 555 0100", "foreign_number"],
    ["+85291234567", "foreign_number"],
    ["00852 9123 4567", "foreign_number"],
    ["1380013800", "too_short"],
    ["+86 1380013800", "too_short"],
    ["138001380001", "too_long"],
    ["13800138000/13900139000", "too_long"],
    ["861380013800099", "too_long"],
    ["12800138000", "not_mobile"],
    ["+86 128 0013 8000", "not_mobile"],
    ["+86 138 0013 80001", "too_long"],
    ["+87 138 0013 8000", "foreign_number"],
    ["86-138-0013-800", "too_long"],
    ["10086000000", "not_mobile"],
    ["01088888888", "not_mobile"],
    ["+86 010 8888 8888", "not_mobile"],
  ])("rejects %j as %s", (raw, reason) => {
    expect(normalisePhone(raw)).toEqual({ ok: false, reason });
  });

  it("gives every valid result the exact shape sendSms requires", () => {
    for (const raw of ["0086-159-1234-5678", "+86 (159) 1234 5678", "86.159.1234.5678"]) {
      const r = normalisePhone(raw);
      expect(r.ok && /^\+861[3-9]\d{9}$/.test(r.phone)).toBe(true);
    }
  });
});

describe("phoneKey", () => {
  it("is the 11 digits as an exact number, distinct for distinct numbers", () => {
    expect(phoneKey("+8613800138000")).toBe(13800138000);
    expect(phoneKey("+8619999999999")).not.toBe(phoneKey("+8619999999998"));
  });
});

describe("maskPhone", () => {
  it("hides the middle of a number as analysts see it", () => {
    expect(maskPhone("+8613800138000")).toBe("138****8000");
    expect(showPhone("+8613800138000", "masked")).toBe("138****8000");
    expect(showPhone("+8613800138000", "whole")).toBe("+8613800138000");
  });

  it("masks what people typed too, and hides short values entirely", () => {
    expect(maskPhone("138 0013 800")).toBe("138**** 800");
    expect(maskPhone("12345")).toBe("****");
  });
});
