import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf, issueErrorCode } from "./errors";

describe("error codes from zod", () => {
  it("keeps a schema's message key as the code", () => {
    const r = z.object({ name: z.string().min(1, "campaigns.errors.nameRequired") }).safeParse({ name: "" });
    expect(fieldErrorsOf(r.error!)).toEqual({ name: { code: "campaigns.errors.nameRequired" } });
  });

  it("turns zod's own messages into a generic code with the limit as a parameter", () => {
    const r = z.object({ name: z.string().max(3), tags: z.array(z.string()).min(2) }).safeParse({ name: "abcd", tags: [] });
    expect(fieldErrorsOf(r.error!)).toEqual({
      name: { code: "common.errors.field.too_big", params: { maximum: 3, origin: "string" } },
      tags: { code: "common.errors.field.too_small", params: { minimum: 2, origin: "array" } },
    });
  });

  it("never passes an English sentence on as a code", () => {
    const r = z.string().regex(/^\d+$/, "digits only").safeParse("x");
    expect(issueErrorCode(r.error!.issues[0])).toEqual({ code: "common.errors.field.invalid_format" });
  });

  it("keys a form-level issue as _", () => {
    const r = z.string().uuid().safeParse("x");
    expect(Object.keys(fieldErrorsOf(r.error!))).toEqual(["_"]);
  });
});
