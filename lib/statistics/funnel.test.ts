import { describe, expect, it } from "vitest";
import { smsFunnel } from "./derive";

describe("a channel's funnel", () => {
  it("starts at the SMS for the SMS channel, with the seed's figures", () => {
    const steps = smsFunnel({ channelId: "_cms_sms_", smsSendUsers: 10000, h5OpenUsers: 5000, jumpWxappUsers: 3000 });
    expect(steps.map((s) => [s.key, s.count, s.rateFromPrevious, s.rateFromFirst, s.dropped])).toEqual([
      ["smsSent", 10000, 1, 1, 0],
      ["h5Opened", 5000, 0.5, 0.5, 5000],
      ["wxappOpened", 3000, 0.6, 0.3, 2000],
    ]);
  });

  it("starts at the landing page for a channel that sends no SMS", () => {
    const steps = smsFunnel({ channelId: "wecom", smsSendUsers: 0, h5OpenUsers: 200, jumpWxappUsers: 50 });
    expect(steps.map((s) => s.key)).toEqual(["h5Opened", "wxappOpened"]);
    expect(steps[1].rateFromFirst).toBe(0.25);
    expect(steps[1].dropOff).toBe(0.75);
  });

  it("keeps the SMS step of an SMS channel that has sent nothing yet", () => {
    expect(smsFunnel({ channelId: "_cms_sms_", smsSendUsers: 0, h5OpenUsers: 0, jumpWxappUsers: 0 })).toHaveLength(3);
  });
});
