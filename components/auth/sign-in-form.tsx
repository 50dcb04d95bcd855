"use client";

import { LogIn } from "lucide-react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

/** Turns next-auth's error code into a sentence that says what to do. */
function messageFor(error: string, t: ReturnType<typeof useTranslations>): string {
  if (error.startsWith("RATE_LIMITED:")) return t("errors.rateLimited", { seconds: Number(error.split(":")[1]) || 60 });
  if (error === "INACTIVE") return t("errors.inactive");
  return t("errors.invalid");
}

export function SignInForm() {
  const t = useTranslations("auth");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(form: FormData) {
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const errs: typeof fieldErrors = {};
    if (!/^\S+@\S+\.\S+$/.test(email)) errs.email = t("errors.email");
    if (!password) errs.password = t("errors.passwordRequired");
    setFieldErrors(errs);
    setError(null);
    if (Object.keys(errs).length) return;
    setPending(true);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        setError(messageFor(result?.error ?? "", t));
        return;
      }
      router.replace("/analytics/overview");
      router.refresh();
    } catch {
      setError(t("errors.network"));
    } finally {
      setPending(false);
    }
  }

  return (
    <form action={onSubmit} className="space-y-4" noValidate>
      {error ? (
        <div data-testid="sign-in-error">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <Field label={t("email")} htmlFor="email" error={fieldErrors.email}>
        <Input id="email" name="email" type="email" autoComplete="username" required aria-invalid={!!fieldErrors.email} />
      </Field>
      <Field label={t("password")} htmlFor="password" error={fieldErrors.password}>
        <Input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={!!fieldErrors.password} />
      </Field>
      <Button type="submit" className="w-full" size="lg" disabled={pending}>
        <LogIn className="h-4 w-4" aria-hidden />
        {pending ? t("signingIn") : t("submit")}
      </Button>
    </form>
  );
}
