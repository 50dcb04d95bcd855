import { describe, expect, it } from "vitest";
import { foldSmsVariants, smsRowWithVariants, type OverviewRow } from "./index";

function row(channelId: string, h5: number, jump: number, sent = 0, h5Share = 0, jumpShare = 0): OverviewRow {
  return {
    appid: "wx1",
    envId: "env",
    activityId: "act",
    channelId,
    h5OpenUsers: h5,
    jumpWxappUsers: jump,
    smsSendUsers: sent,
    smsSendList: sent ? [{ taskId: "t1", count: sent }] : [],
    jumpWxappUsersPercent: jumpShare,
    h5OpenUsersPercent: h5Share,
    h5SmsRate: sent ? h5 / sent : 0,
    jumpH5Rate: h5 ? jump / h5 : 0,
    extra: {},
  };
}

describe("foldSmsVariants", () => {
  const rows = [row("_cms_sms_", 100, 40, 1000, 0.5, 0.4), row("abx1A", 30, 20, 0, 0.15, 0.2), row("abx1B", 50, 30, 0, 0.25, 0.3), row("wecom", 20, 10, 0, 0.1, 0.1)];

  it("adds the variant channels' H5 and mini-program users to _cms_sms_ and recomputes its rates", () => {
    const folded = foldSmsVariants(rows, ["abx1A", "abx1B"]);
    expect(folded.map((r) => r.channelId)).toEqual(["_cms_sms_", "wecom"]);
    const sms = folded[0];
    expect(sms).toMatchObject({ h5OpenUsers: 180, jumpWxappUsers: 90, smsSendUsers: 1000 });
    expect(sms.h5SmsRate).toBeCloseTo(0.18, 10);
    expect(sms.jumpH5Rate).toBeCloseTo(0.5, 10);
    expect(sms.h5OpenUsersPercent).toBeCloseTo(0.9, 10);
    expect(sms.jumpWxappUsersPercent).toBeCloseTo(0.9, 10);
    expect(folded[1]).toEqual(rows[3]);
  });

  it("leaves the input alone and changes nothing without variants", () => {
    const before = structuredClone(rows);
    foldSmsVariants(rows, ["abx1A"]);
    expect(rows).toEqual(before);
    expect(foldSmsVariants(rows, [])).toEqual(rows);
    expect(foldSmsVariants(rows, ["_cms_sms_", "all"])).toEqual(rows);
  });

  it("makes the SMS row when WeChat answered only the variants' rows", () => {
    const sms = smsRowWithVariants([row("abx1A", 7, 3)], ["abx1A"]);
    expect(sms).toMatchObject({ channelId: "_cms_sms_", h5OpenUsers: 7, jumpWxappUsers: 3, smsSendUsers: 0, h5SmsRate: 0 });
  });

  it("returns the totals row as it is: it already counts every channel", () => {
    const all = row("all", 200, 100, 1000, 1, 1);
    expect(foldSmsVariants([all], ["abx1A"])).toEqual([all]);
    expect(smsRowWithVariants([all], ["abx1A"])).toBeNull();
  });
});
