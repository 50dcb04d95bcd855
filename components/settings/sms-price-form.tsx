"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { setSmsPriceAction } from "@/app/(app)/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { SmsPrice } from "@/lib/history/cost";

/** The price of one billed SMS segment, with its history: a new price applies to tasks sent from now on. */
export function SmsPriceForm({ prices }: { prices: SmsPrice[] }) {
  const t = useTranslations("settings.price");
  const format = useFormatter();
  const router = useRouter();
  const current = prices[0] ?? null;
  const [value, setValue] = useState(current ? String(current.priceCny) : "");
  const save = useAction(setSmsPriceAction, { onSuccess: () => router.refresh() });
  const error = save.fieldErrors.priceCny ?? save.error;
  const money = (n: number) => format.number(n, { style: "currency", currency: "CNY", minimumFractionDigits: 2, maximumFractionDigits: 5 });

  return (
    <div className="space-y-4" data-testid="sms-price" data-price={current?.priceCny ?? ""}>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t("label")} htmlFor="sms-price" hint={t("hint")} error={error ?? undefined} className="w-56">
          <Input id="sms-price" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={!!error} placeholder="0.045" />
        </Field>
        <Button onClick={() => save.run({ priceCny: value })} disabled={save.pending} data-testid="sms-price-save">
          {t("save")}
        </Button>
      </div>
      {save.succeeded ? <Alert tone="success">{t("saved")}</Alert> : null}
      {prices.length > 0 ? (
        <div>
          <p className="mb-1 text-xs font-medium text-muted-foreground">{t("history")}</p>
          <ul className="space-y-0.5 text-sm" data-testid="sms-price-history">
            {prices.map((p) => (
              <li key={`${p.effectiveFrom}-${p.priceCny}`} className="flex gap-3 tabular-nums">
                <span className="w-28">{money(p.priceCny)}</span>
                <span className="text-muted-foreground">
                  {new Date(p.effectiveFrom).getTime() <= 0 ? t("always") : t("since", { at: format.dateTime(new Date(p.effectiveFrom), "moment") })}
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
