import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { config } from "@/lib/config";

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
  const { wechat, emulator } = config();
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title={t("connection.title")}
            actions={<Badge tone={wechat.mode === "live" ? "success" : "warning"}>{t(`connection.mode.${wechat.mode}`)}</Badge>}
          />
          <CardBody>
            <dl className="divide-y divide-border">
              <Row label={t("connection.appId")} value={wechat.appId} testId="settings-appid" />
              <Row label={t("connection.envId")} value={wechat.envId || "—"} />
              <Row label={t("connection.apiBase")} value={wechat.apiBase} />
              <Row label={t("connection.secret")} value={t("connection.secretHidden")} />
            </dl>
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
              </dl>
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
