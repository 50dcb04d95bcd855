"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setSmsPriceAction } from "@/app/(app)/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useErrorText } from "@/components/use-action";
import type { SmsPrice } from "@/lib/history/cost";

/** The price of one billed SMS segment, with its history: a new price applies to tasks sent from now on. */
export function SmsPriceForm({ prices }: { prices: SmsPrice[] }) {
  const t = useTranslations("settings.price");
  const format = useFormatter();
  const router = useRouter();
  const current = prices[0] ?? null;
  const [value, setValue] = useState(current ? String(current.priceCny) : "");
  const [error, setError] = useState<string | null>(null);
  const errorText = useErrorText();
  const [saved, setSaved] = useState(false);
  const [pending, start] = useTransition();
  const money = (n: number) => format.number(n, { style: "currency", currency: "CNY", minimumFractionDigits: 2, maximumFractionDigits: 5 });

  const save = () =>
    start(async () => {
      const r = await setSmsPriceAction({ priceCny: value });
      if (r.ok) {
        setError(null);
        setSaved(true);
        router.refresh();
      } else {
        setError(errorText(r.fieldErrors?.priceCny ?? r.error));
        setSaved(false);
      }
    });

  return (
    <div className="space-y-4" data-testid="sms-price" data-price={current?.priceCny ?? ""}>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t("label")} htmlFor="sms-price" hint={t("hint")} error={error ?? undefined} className="w-56">
          <Input id="sms-price" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={!!error} placeholder="0.045" />
        </Field>
        <Button onClick={save} disabled={pending} data-testid="sms-price-save">
          {t("save")}
        </Button>
      </div>
      {saved ? <Alert tone="success">{t("saved")}</Alert> : null}
      {prices.length > 0 ? (
        <div>
          <p className="mb-1 text-xs font-medium text-muted-foreground">{t("history")}</p>
          <ul className="space-y-0.5 text-sm" data-testid="sms-price-history">
            {prices.map((p) => (
              <li key={`${p.effectiveFrom}-${p.priceCny}`} className="flex gap-3 tabular-nums">
                <span className="w-28">{money(p.priceCny)}</span>
                <span className="text-muted-foreground">
                  {new Date(p.effectiveFrom).getTime() <= 0 ? t("always") : t("since", { at: format.dateTime(new Date(p.effectiveFrom), { dateStyle: "medium", timeStyle: "short" }) })}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">{t("none")}</p>
      )}
    </div>
  );
}
