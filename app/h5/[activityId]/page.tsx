import type { Metadata } from "next";
import { createFormatter } from "next-intl";
import { getTranslations } from "next-intl/server";
import { LandingPage, type LandingTexts } from "@/components/landing/landing-page";
import { FORMATS } from "@/i18n/formats";
import { CHINA_TIME_ZONE } from "@/i18n/locales";
import { landingView } from "@/lib/activities";
import { issueVisitorSession } from "@/lib/activities/visitor-session";
import { config } from "@/lib/config";
import { db } from "@/lib/db";

/**
 * The public landing page `/h5/<activityId>?source=<channel>`: outside the signed-in shell, mobile-first,
 * always in Chinese (the SMS recipient's language, whatever a previewing marketer chose).
 */
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ activityId: string }>; searchParams: Promise<{ source?: string | string[] }> };

async function lookup({ params, searchParams }: Props) {
  const { activityId } = await params;
  const source = (await searchParams).source;
  return landingView(db(), activityId, Array.isArray(source) ? source[0] : source);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const result = await lookup(props);
  const t = await getTranslations({ locale: "zh-CN", namespace: "landing" });
  return { title: { absolute: result.found ? result.view.title : t("states.unknown.title") }, robots: { index: false } };
}

export default async function H5Page(props: Props) {
  const result = await lookup(props);
  const t = await getTranslations({ locale: "zh-CN", namespace: "landing" });
  // Recipients read the page in Chinese and China time, whatever the signed-in user chose.
  const format = createFormatter({ locale: "zh-CN", timeZone: CHINA_TIME_ZONE, formats: FORMATS });
  const start = result.found ? format.dateTime(new Date(result.view.startAt), "long") : "";
  const end = result.found ? format.dateTime(new Date(result.view.endAt), "long") : "";
  const texts: LandingTexts = {
    window: result.found ? t("window", { start, end }) : "",
    notStarted: { title: t("states.not_started.title"), text: t("states.not_started.text", { start }) },
    ended: { title: t("states.ended.title"), text: t("states.ended.text", { end }) },
    closed: { title: t("states.closed.title"), text: t("states.closed.text") },
    unknown: { title: t("states.unknown.title"), text: t("states.unknown.text") },
    opening: t("opening"),
    desktop: t("desktop"),
    inWechat: t("inWechat"),
    openFailed: t("openFailed"),
    tooMany: t("tooMany"),
    emulatorNote: t("emulatorNote"),
    footer: t("footer"),
  };
  const sessionId = result.found ? issueVisitorSession(config().authSecret, result.view.activityId) : "";
  return <LandingPage view={result.found ? result.view : null} texts={texts} emulator={config().wechat.mode === "emulator"} sessionId={sessionId} />;
}
