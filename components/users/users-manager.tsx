"use client";

import { KeyRound, UserPlus, Wand2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { createUserAction, resetPasswordAction, setActiveAction, setRoleAction } from "@/app/(app)/users/actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Table, Td, Th } from "@/components/ui/table";
import { useAction } from "@/components/use-action";
import type { ActionResult } from "@/lib/auth/action";
import { generatePassword } from "@/lib/auth/password-generator";
import { ROLES, type Role } from "@/lib/auth/roles";

interface Row {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

type Notice = { tone: "success" | "error"; text: string } | null;

export function UsersManager({ users, me }: { users: Row[]; me: string }) {
  const t = useTranslations("users");
  const tc = useTranslations("common");
  const format = useFormatter();
  const router = useRouter();
  const [success, setSuccess] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState("");
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [resetPassword, setResetPassword] = useState("");

  // Every button here is one call of this: a success sentence, then the list re-read from the server.
  const action = useAction((call: { run: () => Promise<ActionResult<unknown>>; success: string; after?: () => void }) => call.run(), {
    onSuccess: (_data, call) => {
      setSuccess(call.success);
      call.after?.();
      router.refresh();
    },
  });
  const { pending, fieldErrors } = action;
  const notice: Notice = action.error ? { tone: "error", text: action.error } : success ? { tone: "success", text: success } : null;
  function run<T>(call: () => Promise<ActionResult<T>>, success: string, after?: () => void) {
    setSuccess(null);
    action.run({ run: call, success, after });
  }

  return (
    <div className="space-y-6">
      {notice ? (
        <Alert tone={notice.tone} className="whitespace-pre-line">
          {notice.text}
        </Alert>
      ) : null}

      <Card>
        <CardHeader title={t("create.title")} description={t("create.description")} />
        <CardBody>
          <form
            className="grid gap-4 md:grid-cols-2 xl:grid-cols-5"
            action={(form) => {
              const input = {
                email: String(form.get("email") ?? ""),
                name: String(form.get("name") ?? ""),
                role: String(form.get("role") ?? "analyst") as Role,
                password: newPassword,
              };
              run(() => createUserAction(input), t("create.done", { email: input.email, password: input.password }), () => setNewPassword(""));
            }}
          >
            <Field label={t("fields.email")} htmlFor="new-email" error={fieldErrors.email}>
              <Input id="new-email" name="email" type="email" required aria-invalid={!!fieldErrors.email} />
            </Field>
            <Field label={t("fields.name")} htmlFor="new-name" error={fieldErrors.name}>
              <Input id="new-name" name="name" />
            </Field>
            <Field label={t("fields.role")} htmlFor="new-role" error={fieldErrors.role}>
              <Select id="new-role" name="role" defaultValue="analyst">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {tc(`roles.${r}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t("fields.password")} htmlFor="new-password" error={fieldErrors.password} hint={t("passwordHint")}>
              <div className="flex gap-2">
                <Input
                  id="new-password"
                  name="password"
                  value={newPassword}
                  onChange={(e) => setNewPassword(e.target.value)}
                  autoComplete="new-password"
                  aria-invalid={!!fieldErrors.password}
                />
                <Button variant="secondary" size="md" onClick={() => setNewPassword(generatePassword())} aria-label={t("generate")} title={t("generate")}>
                  <Wand2 className="h-4 w-4" />
                </Button>
              </div>
            </Field>
            <div className="flex items-start pt-6">
              <Button type="submit" disabled={pending} className="w-full">
                <UserPlus className="h-4 w-4" aria-hidden />
                {t("create.submit")}
              </Button>
            </div>
          </form>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("list.title", { count: users.length })} />
        <Table data-testid="users-table">
          <thead>
            <tr>
              <Th>{t("fields.email")}</Th>
              <Th>{t("fields.name")}</Th>
              <Th>{t("fields.role")}</Th>
              <Th>{t("fields.status")}</Th>
              <Th>{t("fields.createdAt")}</Th>
              <Th className="text-right">{t("fields.actions")}</Th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-email={u.email}>
                <Td className="font-medium">{u.email}</Td>
                <Td>{u.name || <span className="text-muted-foreground">—</span>}</Td>
                <Td>
                  <Select
                    aria-label={t("changeRole", { email: u.email })}
                    value={u.role}
                    disabled={pending}
                    className="h-8 w-32"
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      run(() => setRoleAction({ id: u.id, role }), t("roleChanged", { email: u.email, role: tc(`roles.${role}`) }));
                    }}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {tc(`roles.${r}`)}
                      </option>
                    ))}
                  </Select>
                </Td>
                <Td>{u.active ? <Badge tone="success">{t("active")}</Badge> : <Badge tone="destructive">{t("inactive")}</Badge>}</Td>
                <Td className="whitespace-nowrap text-muted-foreground">
                  {format.dateTime(new Date(u.createdAt), "moment")}
                </Td>
                <Td className="text-right">
                  <div className="flex flex-wrap justify-end gap-2">
                    {resetFor === u.id ? (
                      <form
                        className="flex gap-2"
                        action={() =>
                          run(
                            () => resetPasswordAction({ id: u.id, password: resetPassword }),
                            t("passwordReset", { email: u.email, password: resetPassword }),
                            () => {
                              setResetFor(null);
                              setResetPassword("");
                            },
                          )
                        }
                      >
                        <Input
                          aria-label={t("fields.newPassword")}
                          value={resetPassword}
                          onChange={(e) => setResetPassword(e.target.value)}
                          className="h-8 w-44"
                          placeholder={t("fields.newPassword")}
                        />
                        <Button size="sm" variant="secondary" onClick={() => setResetPassword(generatePassword())} aria-label={t("generate")}>
                          <Wand2 className="h-4 w-4" />
                        </Button>
                        <Button size="sm" type="submit" disabled={pending}>
                          {t("save")}
                        </Button>
                      </form>
                    ) : (
                      <Button size="sm" variant="secondary" onClick={() => setResetFor(u.id)}>
                        <KeyRound className="h-4 w-4" aria-hidden />
                        {t("resetPassword")}
                      </Button>
                    )}
                    {u.id !== me ? (
                      <Button
                        size="sm"
                        variant={u.active ? "ghost" : "secondary"}
                        disabled={pending}
                        onClick={() =>
                          run(
                            () => setActiveAction({ id: u.id, active: !u.active }),
                            u.active ? t("deactivated", { email: u.email }) : t("activated", { email: u.email }),
                          )
                        }
                      >
                        {u.active ? t("deactivate") : t("activate")}
                      </Button>
                    ) : null}
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
