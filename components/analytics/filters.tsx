"use client";

import { CalendarDays, Check, ChevronDown, Search } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/input";
import { RANGE_PRESETS, type RangeChoice } from "@/lib/analytics/ranges";
import type { ActivityOption } from "@/lib/analytics/schemas";
import { useAnalyticsFormat } from "./format";
import type { useAnalyticsParams } from "./use-analytics-params";

type Params = ReturnType<typeof useAnalyticsParams>;

/** Picks the activity: searches names and IDs, and takes any ID typed in (activities made elsewhere). */
export function ActivityPicker({ activities, value, onChange }: { activities: ActivityOption[]; value: string; onChange: (id: string) => void }) {
  const t = useTranslations("analytics.filters");
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const box = useRef<HTMLDivElement>(null);
  const current = activities.find((a) => a.id === value);
  const needle = search.trim().toLowerCase();
  const matches = useMemo(
    () => activities.filter((a) => !needle || a.name.toLowerCase().includes(needle) || a.id.toLowerCase().includes(needle)).slice(0, 50),
    [activities, needle],
  );

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  function choose(id: string) {
    onChange(id);
    setOpen(false);
    setSearch("");
  }

  return (
    <div ref={box} className="relative w-full sm:w-72">
      <button
        type="button"
        data-testid="activity-picker"
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex h-9 w-full items-center gap-2 rounded-md border border-input bg-card px-3 text-left text-sm hover:bg-muted/60"
      >
        <span className="text-xs text-muted-foreground">{t("activity")}</span>
        <span className="min-w-0 flex-1 truncate font-medium">{current?.name ?? (value || t("chooseActivity"))}</span>
        <ChevronDown className="h-4 w-4 shrink-0 text-muted-foreground" aria-hidden />
      </button>
      {open ? (
        <div className="absolute left-0 top-10 z-40 w-full min-w-72 rounded-lg border border-border bg-card p-1.5 shadow-lg">
          <div className="relative">
            <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-muted-foreground" aria-hidden />
            <Input
              autoFocus
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  if (matches[0]) choose(matches[0].id);
                  else if (search.trim()) choose(search.trim());
                }
                if (e.key === "Escape") setOpen(false);
              }}
              placeholder={t("searchActivities")}
              aria-label={t("searchActivities")}
              className="pl-8"
            />
          </div>
          <ul role="listbox" className="mt-1 max-h-72 overflow-y-auto">
            {matches.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  role="option"
                  aria-selected={a.id === value}
                  onClick={() => choose(a.id)}
                  className="flex w-full items-center gap-2 rounded-md px-2.5 py-2 text-left text-sm hover:bg-muted"
                >
                  <span className="min-w-0 flex-1">
                    <span className="block truncate">{a.name}</span>
                    <span className="block truncate font-mono text-xs text-muted-foreground">{a.id}</span>
                  </span>
                  {a.id === value ? <Check className="h-4 w-4 text-primary" aria-hidden /> : null}
                </button>
              </li>
            ))}
            {needle && !activities.some((a) => a.id === search.trim()) ? (
              <li>
                <button type="button" onClick={() => choose(search.trim())} className="w-full rounded-md px-2.5 py-2 text-left text-sm hover:bg-muted">
                  {t("useActivityId", { id: search.trim() })}
                </button>
              </li>
            ) : null}
            {!needle && activities.length === 0 ? <li className="px-2.5 py-2 text-sm text-muted-foreground">{t("noActivities")}</li> : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Presets as a segmented control on wide screens and a select on phones; "custom" opens two date fields. */
export function RangePicker({ params, showComparison }: { params: Params; showComparison?: boolean }) {
  const t = useTranslations("analytics.filters");
  const { dayRange } = useAnalyticsFormat();
  const { choice, today, update } = params;
  const [customOpen, setCustomOpen] = useState(choice.preset === "custom");
  const [from, setFrom] = useState(choice.range.from);
  const [to, setTo] = useState(choice.range.to);
  const keys = [...RANGE_PRESETS.map((p) => p.key), "custom" as const];

  function pick(key: RangeChoice["preset"]) {
    if (key === "custom") {
      setFrom(choice.range.from);
      setTo(choice.range.to);
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    update({ range: key, from: null, to: null });
  }

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <Select
          className="w-auto sm:hidden"
          value={customOpen ? "custom" : choice.preset}
          onChange={(e) => pick(e.target.value as RangeChoice["preset"])}
          aria-label={t("range")}
        >
          {keys.map((k) => (
            <option key={k} value={k}>
              {t(`presets.${k}`)}
            </option>
          ))}
        </Select>
        <div className="hidden rounded-md border border-border bg-card p-0.5 sm:inline-flex" role="group" aria-label={t("range")}>
          {keys.map((k) => {
            const active = customOpen ? k === "custom" : choice.preset === k;
            return (
              <button
                key={k}
                type="button"
                data-range={k}
                aria-pressed={active}
                onClick={() => pick(k)}
                className={cn(
                  "h-7 rounded px-2.5 text-xs transition-colors",
                  active ? "bg-primary text-primary-foreground shadow-sm" : "text-muted-foreground hover:bg-muted hover:text-foreground",
                )}
              >
                {t(`presets.${k}`)}
              </button>
            );
          })}
        </div>
        <span className="inline-flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="range-label">
          <CalendarDays className="h-3.5 w-3.5" aria-hidden />
          {dayRange(choice.range)}
          {showComparison ? <span className="hidden md:inline">· {t("comparedWith", { range: dayRange(params.previous.range) })}</span> : null}
        </span>
      </div>
      {customOpen ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            update({ range: "custom", from, to });
          }}
        >
          <label className="text-xs text-muted-foreground">
            {t("from")}
            <Input type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} className="mt-1 h-8 w-40" name="from" />
          </label>
          <label className="text-xs text-muted-foreground">
            {t("to")}
            <Input type="date" value={to} max={today} onChange={(e) => setTo(e.target.value)} className="mt-1 h-8 w-40" name="to" />
          </label>
          <button type="submit" className="h-8 rounded-md bg-primary px-3 text-sm font-medium text-primary-foreground hover:opacity-90">
            {t("apply")}
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function ChannelSelect({ channels, value, onChange, activity }: { channels: string[]; value: string; onChange: (id: string) => void; activity?: ActivityOption }) {
  const t = useTranslations("analytics.filters");
  const { channel } = useAnalyticsFormat(activity);
  const options = channels.includes(value) ? channels : [value, ...channels];
  return (
    <label className="flex items-center gap-2 text-xs text-muted-foreground">
      <span className="shrink-0">{t("channel")}</span>
      <Select value={value} onChange={(e) => onChange(e.target.value)} className="h-9 w-auto min-w-36" data-testid="channel-select">
        {options.map((id) => (
          <option key={id} value={id}>
            {channel(id)}
          </option>
        ))}
      </Select>
    </label>
  );
}
