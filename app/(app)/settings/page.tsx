import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { ConnectionTest } from "@/components/settings/connection-test";
import { DataSyncPanel } from "@/components/settings/data-sync-panel";
import { SmsPriceForm } from "@/components/settings/sms-price-form";
import { SmsSettingsForm } from "@/components/settings/sms-settings-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { getUserById } from "@/lib/auth/users";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { currentPause, listSmsPrices, listSyncStatus } from "@/lib/history";
import { getSmsSettingsRecord } from "@/lib/settings/sms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

function Row({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-3">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="break-all font-mono text-sm sm:col-span-2" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export default async function SettingsPage() {
  await requirePageUser("admin");
  const t = await getTranslations("settings");
  const format = await getFormatter();
  const { wechat, emulator, stats } = config();
  const [sms, prices, syncStatus, pause] = await Promise.all([getSmsSettingsRecord(db()), listSmsPrices(db()), listSyncStatus(db()), currentPause(db())]);
  const savedBy = sms.updatedBy ? ((await getUserById(db(), sms.updatedBy))?.email ?? null) : null;
  const tokenSource = wechat.fixedAccessToken ? "fixed" : wechat.tokenServiceUrl ? "service" : "stable";
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title={t("connection.title")}
            description={t(`connection.modeHelp.${wechat.mode}`)}
            actions={
              <Badge tone={wechat.mode === "live" ? "success" : "warning"} >
                <span data-testid="settings-mode">{t(`connection.mode.${wechat.mode}`)}</span>
              </Badge>
            }
          />
          <CardBody className="space-y-4">
            <dl className="divide-y divide-border">
              <Row label={t("connection.appId")} value={wechat.appId || "—"} testId="settings-appid" />
              <Row label={t("connection.envId")} value={wechat.envId || "—"} testId="settings-envid" />
              <Row label={t("connection.apiBase")} value={wechat.apiBase} testId="settings-apibase" />
              <Row label={t("connection.tokenSource")} value={t(`connection.tokenSources.${tokenSource}`)} />
              <Row label={t("connection.secret")} value={t("connection.secretHidden")} />
            </dl>
            <p className="text-xs text-muted-foreground">{t("connection.howToChange")}</p>
            <ConnectionTest />
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title={t("sms.title")}
            description={
              sms.updatedAt
                ? t("sms.lastSaved", { at: format.dateTime(sms.updatedAt, "moment"), by: savedBy ?? "—" })
                : t("sms.defaults")
            }
          />
          <CardBody>
            <SmsSettingsForm initial={sms.settings} />
          </CardBody>
        </Card>

        <Card>
          <CardHeader title={t("price.title")} description={t("price.description")} />
          <CardBody>
            <SmsPriceForm prices={prices} />
          </CardBody>
        </Card>

        <Card>
          <CardHeader title={t("dataSync.title")} description={t("dataSync.description")} />
          <CardBody>
            <DataSyncPanel
              activities={syncStatus}
              pause={pause ? { pausedUntil: pause.pausedUntil.toISOString(), code: pause.code, message: pause.message } : null}
              settings={{ syncMinutes: stats.syncMinutes, backfillDays: stats.backfillDays, callsPerSecond: stats.callsPerSecond }}
            />
          </CardBody>
        </Card>

        {wechat.mode === "emulator" ? (
          <Card>
            <CardHeader title={t("emulator.title")} description={t("emulator.description")} />
            <CardBody>
              <dl className="divide-y divide-border">
                <Row label={t("emulator.appId")} value={emulator.appId} />
                <Row
                  label={t("emulator.secret")}
                  value={
                    <details>
                      <summary className="cursor-pointer font-sans text-primary">{t("emulator.reveal")}</summary>
                      <span data-testid="emulator-secret">{emulator.secret}</span>
                    </details>
                  }
                />
                <Row label={t("emulator.endpoint")} value={wechat.apiBase} />
              </dl>
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
