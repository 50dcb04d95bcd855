import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { createWechatClient, type WechatClient } from "@/lib/wechat";
import {
  activityState, addChannel, createActivity, deleteActivity, DuplicateChannelError, getActivity, landingUrl, landingView,
  listActivities, listChannels, removeChannel, setActivityClosed, smsPath, updateActivity, type ActivityInput,
} from "./index";

let emu: TestEmulator;
let wechat: WechatClient;

const DAY = 86400_000;

function input(over: Partial<ActivityInput> = {}): ActivityInput {
  const now = emu.clock.now.getTime();
  return {
    name: "春季上新",
    startAt: new Date(now - DAY),
    endAt: new Date(now + 7 * DAY),
    miniProgramPath: "pages/index/index",
    miniProgramQuery: "id=spring",
    landingTitle: "春季上新",
    landingText: "新品八折",
    landingButton: "打开小程序",
    ...over,
  };
}

beforeAll(async () => {
  emu = await startTestEmulator();
  wechat = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId, retry: { attempts: 0 } });
});
afterAll(async () => {
  await emu.close();
});

describe("activities", () => {
  it("creates, reads, updates and finds activities by name or id", async () => {
    const a = await createActivity(emu.t.db, input({ name: "双十二预热" }));
    expect(a.id).toMatch(/^[0-9a-f]{32}$/);
    const b = await createActivity(emu.t.db, input({ name: "Member day 100%" }), { id: "demo-member" });
    expect((await getActivity(emu.t.db, a.id))?.name).toBe("双十二预热");
    expect(await getActivity(emu.t.db, "no-such")).toBeUndefined();
    expect(await getActivity(emu.t.db, "<script>")).toBeUndefined();
    expect((await listActivities(emu.t.db, { search: "十二" })).map((x) => x.id)).toEqual([a.id]);
    expect((await listActivities(emu.t.db, { search: "DEMO-mem" })).map((x) => x.id)).toEqual([b.id]);
    // % and _ are literal characters in a search, not wildcards.
    expect((await listActivities(emu.t.db, { search: "100%" })).map((x) => x.id)).toEqual([b.id]);
    expect((await listActivities(emu.t.db, { search: "%" })).map((x) => x.id)).toEqual([b.id]);
    const updated = await updateActivity(emu.t.db, a.id, input({ name: "双十二正式", landingButton: "去看看" }));
    expect(updated?.landingButton).toBe("去看看");
  });

  it("refuses an end before the start and a query over 512 characters", async () => {
    await expect(createActivity(emu.t.db, input({ endAt: new Date(emu.clock.now.getTime() - 2 * DAY) }))).rejects.toThrow(/activities.validation.endAt/);
    await expect(createActivity(emu.t.db, input({ miniProgramQuery: "a=" + "x".repeat(511) }))).rejects.toThrow(/activities.validation.miniProgramQuery/);
    await expect(createActivity(emu.t.db, input({ miniProgramPath: "pages/index?x=1" }))).rejects.toThrow(/activities.validation.miniProgramPath/);
  });

  it("tells open, not started, ended and closed apart", () => {
    const now = new Date("2026-11-20T00:00:00Z");
    const at = (startH: number, endH: number, closed = false) => ({ closed, startAt: new Date(now.getTime() + startH * 3600_000), endAt: new Date(now.getTime() + endH * 3600_000) });
    expect(activityState(at(-1, 1), now)).toBe("open");
    expect(activityState(at(1, 2), now)).toBe("not_started");
    expect(activityState(at(-2, 0), now)).toBe("ended");
    expect(activityState(at(-1, 1, true), now)).toBe("closed");
  });
});

describe("channels and links", () => {
  it("always lists _cms_sms_ first, then the marketer's channels; duplicates and the SMS channel are protected", async () => {
    const a = await createActivity(emu.t.db, input());
    expect(await listChannels(emu.t.db, a.id)).toEqual([{ id: "_cms_sms_", name: "短信", builtIn: true }]);
    await addChannel(emu.t.db, a.id, { id: "poster1", name: "门店海报" });
    await addChannel(emu.t.db, a.id, { id: "wecom", name: "企业微信" });
    await expect(addChannel(emu.t.db, a.id, { id: "wecom", name: "again" })).rejects.toBeInstanceOf(DuplicateChannelError);
    await expect(addChannel(emu.t.db, a.id, { id: "toolongname1", name: "x" })).rejects.toThrow();
    await expect(addChannel(emu.t.db, a.id, { id: "we-com", name: "x" })).rejects.toThrow();
    expect((await listChannels(emu.t.db, a.id)).map((c) => c.id)).toEqual(["_cms_sms_", "poster1", "wecom"]);
    expect(await removeChannel(emu.t.db, a.id, "_cms_sms_")).toBe(false);
    expect(await removeChannel(emu.t.db, a.id, "poster1")).toBe(true);
    expect((await listChannels(emu.t.db, a.id)).map((c) => c.id)).toEqual(["_cms_sms_", "wecom"]);
  });

  it("builds channel links on PUBLIC_URL and the SMS path on the static website", () => {
    expect(landingUrl({ id: "abc" }, "wecom", "https://hy.example.com")).toBe("https://hy.example.com/h5/abc?source=wecom");
    expect(landingUrl("abc", undefined, "https://hy.example.com")).toBe("https://hy.example.com/h5/abc?source=_cms_sms_");
    expect(smsPath("abc")).toBe("/landing/index.html?activityId=abc&source=_cms_sms_");
  });

  it("gives the landing page the activity's state, and nothing for unknown activities or channels", async () => {
    const a = await createActivity(emu.t.db, input());
    const open = await landingView(emu.t.db, a.id, null, emu.clock.now);
    expect(open.found && open.view.state).toBe("open");
    expect(open.found && open.view.channelId).toBe("_cms_sms_");
    expect((await landingView(emu.t.db, a.id, "nochannel", emu.clock.now)).found).toBe(false);
    expect((await landingView(emu.t.db, "missing", null, emu.clock.now)).found).toBe(false);
    await setActivityClosed(emu.t.db, a.id, true);
    const closed = await landingView(emu.t.db, a.id, "_cms_sms_", emu.clock.now);
    expect(closed.found && closed.view.state).toBe("closed");
  });
});

describe("deleting", () => {
  it("deletes an unused activity with its channels", async () => {
    const a = await createActivity(emu.t.db, input());
    await addChannel(emu.t.db, a.id, { id: "qq", name: "QQ" });
    expect(await deleteActivity(emu.t.db, wechat, a.id, emu.clock.now)).toBe("deleted");
    expect(await getActivity(emu.t.db, a.id)).toBeUndefined();
    expect(await deleteActivity(emu.t.db, wechat, a.id, emu.clock.now)).toBe("not_found");
  });

  it("refuses to delete an activity that has a send task", async () => {
    const a = await createActivity(emu.t.db, input());
    await emu.t.db.execute(sql`insert into send_tasks (activity_id, sms_type) values (${a.id}, 'Marketing')`);
    expect(await deleteActivity(emu.t.db, wechat, a.id, emu.clock.now)).toBe("has_sends");
    expect(await getActivity(emu.t.db, a.id)).toBeDefined();
  });

  it("refuses to delete an activity WeChat has statistics for", async () => {
    const a = await createActivity(emu.t.db, input());
    await wechat.report({ reportAction: "openH5", activityId: a.id, channelId: "_cms_sms_", sessionId: "0b6f3c1e-3a53-4c55-9f0e-2f3b9d1c7a10" });
    expect(await deleteActivity(emu.t.db, wechat, a.id, emu.clock.now)).toBe("has_statistics");
    expect(await getActivity(emu.t.db, a.id)).toBeDefined();
  });
});
