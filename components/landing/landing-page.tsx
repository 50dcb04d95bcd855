"use client";

import { CalendarClock, CircleSlash, Clock, Link2Off } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { LandingView } from "@/lib/activities/landing";

export interface LandingTexts {
  window: string;
  notStarted: { title: string; text: string };
  ended: { title: string; text: string };
  closed: { title: string; text: string };
  unknown: { title: string; text: string };
  opening: string;
  desktop: string;
  inWechat: string;
  openFailed: string;
  tooMany: string;
  emulatorNote: string;
  footer: string;
}

/**
 * The visitor's session for this activity, issued and signed by the server with the page (H5 users are distinct
 * sessions). The first one a browser gets is kept in localStorage, so a reload is the same visitor.
 */
const SESSION_KEY = "hongyan_h5_session:";
const SIGNED_SESSION = /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/;

function visitorSession(activityId: string, issued: string): string {
  try {
    const kept = localStorage.getItem(SESSION_KEY + activityId);
    if (kept && SIGNED_SESSION.test(kept)) return kept;
    localStorage.setItem(SESSION_KEY + activityId, issued);
  } catch {
    // Private mode without storage: the session of this page view.
  }
  return issued;
}

type Device = "wechat" | "mobile" | "desktop";

function device(): Device {
  const ua = navigator.userAgent;
  if (/MicroMessenger/i.test(ua)) return "wechat";
  if (/Android|iPhone|iPad|iPod|Mobile|HarmonyOS/i.test(ua)) return "mobile";
  return "desktop";
}

export function LandingPage({ view, texts, emulator, sessionId }: { view: LandingView | null; texts: LandingTexts; emulator: boolean; sessionId: string }) {
  const [status, setStatus] = useState<"idle" | "opening" | "failed" | "limited" | "desktop" | "wechat">("idle");
  const session = useRef<string | null>(null);
  const open = view?.state === "open";

  useEffect(() => {
    if (!view || view.state !== "open") return;
    const id = visitorSession(view.activityId, sessionId);
    session.current = id;
    void fetch("/api/h5/report", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ activityId: view.activityId, channelId: view.channelId, sessionId: id }),
      keepalive: true,
    }).catch(() => {
      // A lost report costs one count; the visitor's page works regardless.
    });
  }, [view, sessionId]);

  async function openMiniProgram() {
    if (!view) return;
    const visitor = session.current ?? visitorSession(view.activityId, sessionId);
    const where = device();
    if (!emulator && where === "desktop") {
      setStatus("desktop");
      return;
    }
    // WeChat opens no URL scheme; its open tag needs the JS-SDK on the static website (the exported bundle does it).
    if (!emulator && where === "wechat") {
      setStatus("wechat");
      return;
    }
    setStatus("opening");
    try {
      const res = await fetch("/api/h5/open", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ activityId: view.activityId, channelId: view.channelId, sessionId: visitor }),
      });
      if (res.status === 429) return setStatus("limited");
      if (!res.ok) return setStatus("failed");
      const { launchUrl } = (await res.json()) as { launchUrl: string; openlink: string };
      window.location.href = launchUrl;
    } catch {
      setStatus("failed");
    }
  }

  const notice = !view
    ? { icon: <Link2Off className="h-10 w-10" />, ...texts.unknown, state: "unknown" }
    : view.state === "not_started"
      ? { icon: <CalendarClock className="h-10 w-10" />, ...texts.notStarted, state: "not_started" }
      : view.state === "ended"
        ? { icon: <Clock className="h-10 w-10" />, ...texts.ended, state: "ended" }
        : view.state === "closed"
          ? { icon: <CircleSlash className="h-10 w-10" />, ...texts.closed, state: "closed" }
          : null;

  return (
    <div className="min-h-screen bg-[#f4f5f7] text-[#1a1a1a]" lang="zh-CN">
      <main className="mx-auto flex min-h-screen w-full max-w-md flex-col bg-white shadow-sm" data-landing-state={notice ? notice.state : "open"}>
        {view?.imagePath ? (
          // eslint-disable-next-line @next/next/no-img-element -- served by the app from PostgreSQL
          <img src={view.imagePath} alt="" className="block h-auto max-h-[70vh] w-full object-contain" />
        ) : (
          <div className="flex aspect-[16/7] w-full items-end bg-gradient-to-br from-[#07c160] to-[#0a8f5a] p-5">
            <span className="text-sm font-medium tracking-widest text-white/80">鸿雁</span>
          </div>
        )}
        <div className="flex flex-1 flex-col gap-4 px-5 py-6">
          {view ? <h1 className="text-2xl font-semibold leading-snug">{view.title}</h1> : null}
          {notice ? (
            <div role="status" className="mt-2 flex flex-col items-center gap-3 rounded-xl bg-[#f4f5f7] px-5 py-8 text-center">
              <div className="text-[#8a8f99]">{notice.icon}</div>
              <p className="text-lg font-semibold">{notice.title}</p>
              <p className="text-sm leading-relaxed text-[#5c6370]">{notice.text}</p>
            </div>
          ) : null}
          {open && view ? (
            <>
              {view.text ? <p className="whitespace-pre-line text-base leading-relaxed text-[#3d434d]">{view.text}</p> : null}
              <p className="text-xs text-[#8a8f99]">{texts.window}</p>
              <div className="mt-auto space-y-3 pt-6">
                <button
                  type="button"
                  onClick={openMiniProgram}
                  disabled={status === "opening"}
                  className="h-12 w-full rounded-full bg-[#07c160] text-base font-semibold text-white shadow transition active:scale-[0.99] disabled:opacity-60"
                  data-testid="open-mini-program"
                >
                  {status === "opening" ? texts.opening : view.buttonLabel}
                </button>
                {status === "desktop" ? <p className="text-center text-sm text-[#5c6370]">{texts.desktop}</p> : null}
                {status === "wechat" ? <p className="text-center text-sm text-[#5c6370]">{texts.inWechat}</p> : null}
                {status === "failed" ? <p role="alert" className="text-center text-sm text-[#d93026]">{texts.openFailed}</p> : null}
                {status === "limited" ? <p role="alert" className="text-center text-sm text-[#d93026]">{texts.tooMany}</p> : null}
                {emulator ? <p className="text-center text-xs text-[#8a8f99]">{texts.emulatorNote}</p> : null}
              </div>
            </>
          ) : null}
        </div>
        <footer className="pb-6 text-center text-xs text-[#b0b4bb]">{texts.footer}</footer>
      </main>
    </div>
  );
}
