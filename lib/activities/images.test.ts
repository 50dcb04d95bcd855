import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createActivity, getActivity, getActivityImage, removeActivityImage, setActivityImage } from "./index";
import { checkImage, IMAGE_MAX_BYTES, sniffImageType } from "./images";

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
const JPEG = Buffer.from("ffd8ffe000104a464946000101", "hex");
const GIF = Buffer.from("474946383961010001000000", "hex");
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x10, 0, 0, 0]), Buffer.from("WEBPVP8 ")]);

describe("image checks", () => {
  it("knows PNG, JPEG, GIF and WebP by their bytes", () => {
    expect(sniffImageType(PNG)).toBe("image/png");
    expect(sniffImageType(JPEG)).toBe("image/jpeg");
    expect(sniffImageType(GIF)).toBe("image/gif");
    expect(sniffImageType(WEBP)).toBe("image/webp");
  });

  it("refuses SVG, HTML pretending to be an image, empty files and files over 2 MB", () => {
    expect(checkImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toEqual({ ok: false, problem: "unsupported_type" });
    expect(checkImage(Buffer.from("<html><script>alert(1)</script>"))).toEqual({ ok: false, problem: "unsupported_type" });
    expect(checkImage(Buffer.alloc(0))).toEqual({ ok: false, problem: "empty" });
    expect(checkImage(Buffer.concat([PNG, Buffer.alloc(IMAGE_MAX_BYTES)]))).toEqual({ ok: false, problem: "too_large" });
    expect(checkImage(Buffer.concat([PNG, Buffer.alloc(IMAGE_MAX_BYTES - PNG.length)]))).toEqual({ ok: true, type: "image/png" });
  });
});

describe("stored images", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("stores the image in PostgreSQL, replaces the previous one and removes it", async () => {
    const a = await createActivity(t.db, {
      name: "img", startAt: new Date(), endAt: new Date(Date.now() + 3600_000), miniProgramPath: "", miniProgramQuery: "",
      landingTitle: "t", landingText: "", landingButton: "b",
    });
    const first = await setActivityImage(t.db, a.id, PNG);
    if (!first.ok) throw new Error(first.problem);
    expect(await getActivityImage(t.db, first.imageId)).toEqual({ contentType: "image/png", bytes: PNG });
    const second = await setActivityImage(t.db, a.id, JPEG);
    if (!second.ok) throw new Error(second.problem);
    expect(await getActivityImage(t.db, first.imageId)).toBeUndefined();
    expect((await getActivity(t.db, a.id))?.imageId).toBe(second.imageId);
    expect(await setActivityImage(t.db, a.id, Buffer.from("GIF00"))).toEqual({ ok: false, problem: "unsupported_type" });
    expect(await setActivityImage(t.db, "missing", PNG)).toEqual({ ok: false, problem: "not_found" });
    await removeActivityImage(t.db, a.id);
    expect((await getActivity(t.db, a.id))?.imageId).toBeNull();
    expect(await getActivityImage(t.db, second.imageId)).toBeUndefined();
  });
});
