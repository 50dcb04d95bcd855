import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { landingHtml } from "./bundle-html";
import { DEMO_ACTIVITIES } from "@/lib/emulator/demo";
import { seedDemoActivities, type DemoActivitySpec } from "./demo";
import { activityState, getActivity, listChannels } from "./index";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const DEMO: DemoActivitySpec[] = [
  {
    id: "demo-a", name: "A", startDaysAgo: 14, endDaysAhead: 7, miniProgram: { path: "pages/a/index", query: "id=a" },
    landing: { title: "A", text: "a", buttonLabel: "go" }, channels: [{ id: "_cms_sms_", name: "短信" }, { id: "wecom", name: "企业微信" }],
  },
  {
    id: "demo-b", name: "B", startDaysAgo: 14, endDaysAhead: -2, miniProgram: { path: "pages/b/index", query: "" },
    landing: { title: "B", text: "b", buttonLabel: "go" }, channels: [{ id: "_cms_sms_", name: "短信" }],
  },
];

it("creates the demo activities with their channels once, whatever the number of runs", async () => {
  const now = new Date("2026-11-20T02:00:00Z");
  expect(await seedDemoActivities(t.db, { now, demo: DEMO })).toEqual({ created: 2 });
  expect(await seedDemoActivities(t.db, { now, demo: DEMO })).toEqual({ created: 0 });
  const a = await getActivity(t.db, "demo-a");
  expect(a && activityState(a, now)).toBe("open");
  const b = await getActivity(t.db, "demo-b");
  expect(b && activityState(b, now)).toBe("ended");
  expect((await listChannels(t.db, "demo-a")).map((c) => c.id)).toEqual(["_cms_sms_", "wecom"]);
});

it("creates the emulator's demo activities by default, so the statistics it seeded belong to activities", async () => {
  await seedDemoActivities(t.db, { now: new Date() });
  for (const a of DEMO_ACTIVITIES) {
    expect((await getActivity(t.db, a.id))?.name).toBe(a.name);
    expect((await listChannels(t.db, a.id)).map((c) => c.id).sort()).toEqual(a.channels.map((c) => c.id).sort());
  }
});

it("writes the bundle's settings so that no value can end its <script>", () => {
  const html = landingHtml({ api: "https://x.example.com", weappUsername: "</script><script>alert(1)</script>" });
  expect(html).not.toContain("</script><script>alert(1)");
  expect(html).toContain("\\u003c/script>");
});
