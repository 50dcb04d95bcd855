import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_CODES, WechatError } from "@/lib/wechat";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import en from "@/messages/en/campaigns.json";
import zh from "@/messages/zh-CN/campaigns.json";
import { storedFailure, wechatErrcode, WORDED_RECIPIENT_CODES } from "./failure";

describe("storedFailure", () => {
  it("keeps WeChat's errcode and errmsg, not lib/wechat's English sentence", () => {
    expect(storedFailure(new WechatError({ code: 45011, errmsg: "api minute-quota reach limit", api: "cloudbase.report" }))).toEqual({
      code: "45011",
      detail: "api minute-quota reach limit",
    });
    expect(storedFailure(new WechatError({ code: LOCAL_CODES.timeout, errmsg: "", api: "cloudbase.sendSms", uncertain: true }))).toEqual({ code: "-90001", detail: null });
  });

  it("stores anything that is not a WechatError as unexpected, with its own text as the detail", () => {
    expect(storedFailure(new TypeError("boom"))).toEqual({ code: "unexpected", detail: "boom" });
  });

  it("tells WeChat's errcodes from our codes", () => {
    expect([wechatErrcode("-501007"), wechatErrcode("45011"), wechatErrcode("workerStopped"), wechatErrcode("LimitExceeded.PhoneNumberDailyLimit")]).toEqual([
      -501007,
      45011,
      null,
      null,
    ]);
  });
});

describe("the per-number codes the results list words", () => {
  it.each([["zh-CN", zh], ["en", en]] as const)("%s has a sentence for each, and only for those", (_locale, messages) => {
    // next-intl reads the dots in a code such as LimitExceeded.PhoneNumberDailyLimit as nesting.
    const sentences = new Map<string, unknown>();
    const walk = (node: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === "object" && v !== null) walk(v as Record<string, unknown>, `${prefix}${k}.`);
        else sentences.set(`${prefix}${k}`, v);
      }
    };
    walk(messages.results.codes, "");
    expect([...sentences.keys()].sort()).toEqual([...WORDED_RECIPIENT_CODES].sort());
    for (const code of WORDED_RECIPIENT_CODES) expect(sentences.get(code), code).toMatch(/\S/);
  });
});

/** The data part of a migration (its columns exist already: every migration ran on the test database). */
function backfill(name: string): string[] {
  const dir = path.join(import.meta.dirname, "../db/migrations");
  const file = fs.readdirSync(dir).find((f) => f.endsWith(`_${name}.sql`))!;
  return fs
    .readFileSync(path.join(dir, file), "utf8")
    .split("--> statement-breakpoint")
    .map((s) => s.replace(/^--.*$/gm, "").trim())
    .filter((s) => s.startsWith("UPDATE"));
}

describe("the migration that added the codes", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("turns the English sentences stored before it into their codes, with WeChat's errmsg as the detail", async () => {
    const q = t.db.$client;
    const task = await q.query<{ id: string }>(
      `insert into send_tasks (activity_id, sms_type, report_error) values ('act', 'Notification', $1) returning id`,
      ["cloudbase.report failed with -1 (system error): WeChat is busy; try again in a moment."],
    );
    const taskId = task.rows[0].id;
    const stored = [
      "errcode 45011: api minute-quota reach limit",
      "the worker stopped while this batch was being sent",
      "cloudbase.sendSms failed with -90002 (UND_ERR_SOCKET): Could not reach the WeChat API (connection failed or dropped); check WECHAT_API_BASE and the network.",
      "cloudbase.sendSms failed with -90001: WeChat did not answer in time; the call may or may not have taken effect.",
      "unexpected failure: boom",
      "something else",
    ];
    for (const [seq, error] of stored.entries()) {
      await q.query("insert into send_batches (task_id, seq, phone_count, state, error) values ($1, $2, 1, 'uncertain', $3)", [taskId, seq, error]);
    }
    for (const statement of backfill("batch_error_codes")) await q.query(statement);

    const batches = await q.query("select error_code, error from send_batches where task_id = $1 order by seq", [taskId]);
    expect(batches.rows).toEqual([
      { error_code: "45011", error: "api minute-quota reach limit" },
      { error_code: "workerStopped", error: null },
      { error_code: "-90002", error: "UND_ERR_SOCKET" },
      { error_code: "-90001", error: null },
      { error_code: "unexpected", error: "boom" },
      { error_code: null, error: "something else" },
    ]);
    const report = await q.query("select report_error_code, report_error from send_tasks where id = $1", [taskId]);
    expect(report.rows).toEqual([{ report_error_code: "-1", report_error: "system error" }]);
  });
});

describe("the migration that gave test sends a code", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("turns each string a failed test send stored before it into its code, with WeChat's errmsg as the detail", async () => {
    const q = t.db.$client;
    const user = await q.query<{ id: string }>("insert into users (email, name, role, password_hash) values ('m@example.com', 'm', 'marketer', 'x') returning id");
    const stored = [
      "-1 system error",
      "-501007 配额不足",
      "40001 ",
      "uncertain: -90002 ECONNRESET",
      "uncertain: -90001 ",
      "uncertain: unexpected boom",
      "uncertain: cloudbase.sendSms failed with -90002 (UND_ERR_SOCKET): Could not reach the WeChat API (connection failed or dropped); check WECHAT_API_BASE and the network.",
      "uncertain: cloudbase.sendSms failed with -90001: WeChat did not answer in time; the call may or may not have taken effect.",
      "uncertain: unexpected failure: boom",
      "something else",
    ];
    for (const [i, error] of stored.entries()) {
      await q.query(
        "insert into test_sends (user_id, activity_id, sms_type, phones, preview_text, error, at) values ($1, 'act', 'Marketing', '{}', '', $2, now() + $3 * interval '1 second')",
        [user.rows[0].id, error, i],
      );
    }
    for (const statement of backfill("test_send_error_codes")) await q.query(statement);

    const rows = await q.query("select error_code, error from test_sends order by at");
    expect(rows.rows).toEqual([
      { error_code: "-1", error: "system error" },
      { error_code: "-501007", error: "配额不足" },
      { error_code: "40001", error: null },
      { error_code: "-90002", error: "ECONNRESET" },
      { error_code: "-90001", error: null },
      { error_code: "unexpected", error: "boom" },
      { error_code: "-90002", error: "UND_ERR_SOCKET" },
      { error_code: "-90001", error: null },
      { error_code: "unexpected", error: "boom" },
      { error_code: null, error: "something else" },
    ]);
  });
});
