import { createAudienceFromPhones } from "@/lib/audiences";
import type { AllowedHours } from "@/lib/campaigns/allowed-hours";
import { composeSms, resolveSignature } from "@/lib/campaigns/sms";
import type { Db } from "@/lib/db";
import { demoUsers } from "@/lib/emulator/opendata";
import type { SmsSettings } from "@/lib/settings/sms";
import { createAbTest, type CreatedAbTest } from "./create";
import { abTestSchema } from "./input";

/**
 * Two texts the emulator's recipients answer clearly differently (lib/emulator/README.md, "Copy matters"): the
 * first opens at 1.17 × the base rate, the second at 0.87 ×, so the demo test has a visible winner.
 */
export const DEMO_AB_TEXTS = ["新年礼盒限量抢，前1000名赠好礼", "新品首发：下单即送限量礼盒"] as const;

/**
 * The demo A/B test of a new emulator-mode app: 1000 of the emulator's demo users (not the 500 of the demo audience),
 * 40% in the test, two variants on the demo New Year activity, an automatic pick after an hour. It is a real test: the
 * worker sends the variants at start, the simulated recipients answer them over the next minutes, and the winner goes
 * to the other 600 numbers at the pick.
 */
export async function seedDemoAbTest(db: Db, settings: Pick<SmsSettings, "signature" | "optOutText" | "allowedHours">): Promise<CreatedAbTest> {
  const audience = await createAudienceFromPhones(db, {
    name: "演示 A/B 人群 Demo A/B audience",
    createdBy: null,
    phones: demoUsers(500, 1000).map((u) => u.phoneNumber),
  });
  const input = abTestSchema.parse({
    name: "新品文案 A/B 测试（演示）",
    activityId: "demo-newyear",
    smsType: "Marketing",
    audienceId: audience.audienceId,
    variants: DEMO_AB_TEXTS.map((content) => ({ content })),
    testShare: 40,
    criterion: "h5",
    waitHours: 1,
    pickMode: "auto",
  });
  const { signature, useShortName } = resolveSignature(settings.signature);
  return createAbTest(db, {
    input,
    previews: input.variants.map((v) => ({ text: composeSms(signature, { smsType: "Marketing", content: v.content }, settings.optOutText), useShortName })),
    names: {
      task: (label) => `${input.name} · 版本 ${label}`,
      channel: (label) => `短信 A/B · 新品文案 · ${label}`,
      winnerTask: (label) => `${input.name} · 胜出版本 ${label} 发送其余号码`,
    },
    sendAt: undefined,
    allowedHours: settings.allowedHours as AllowedHours,
    createdBy: null,
  });
}
