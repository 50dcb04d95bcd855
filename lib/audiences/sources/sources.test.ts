import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSuppressions, getAudience, listAudienceMembers } from "@/lib/audiences";
import { demoUser } from "@/lib/emulator/opendata";
import { startTestEmulator, type TestEmulator } from "@/lib/emulator/test-support";
import { createWechatClient, type WechatClient } from "@/lib/wechat";
import { callSegmentFunction, createSourceJob, getSourceJob, listUnresolved, parseCloudIdList, resolveCloudIds, runSourceJob, SourceError } from "./index";

// Against the emulator over real HTTP, through lib/wechat, into the real audience tables.
let emu: TestEmulator;
let wechat: WechatClient;
beforeAll(async () => {
  emu = await startTestEmulator({ start: new Date() });
  wechat = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: emu.secret, envId: emu.envId });
});
afterAll(async () => emu.close());

async function sourceError(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

async function buildFromCloudIds(text: string, name: string, batchSize = 100) {
  const parsed = parseCloudIdList(text);
  const jobId = await createSourceJob(emu.t.db, { sourceKind: "cloudid", audienceName: name, label: "ids.txt", createdBy: null, total: parsed.ids.length, duplicateIds: parsed.duplicates });
  await runSourceJob(emu.t.db, wechat, jobId, { kind: "cloudids", ids: parsed.ids, positions: parsed.positions }, { batchSize, concurrency: 3 });
  return (await getSourceJob(emu.t.db, jobId))!;
}

describe("cloudIDs into an audience", () => {
  it("resolves demo users' cloudIDs in batches, reports the unknown ones with WeChat's reason, and filters opt-outs", async () => {
    const known = Array.from({ length: 250 }, (_, i) => demoUser(i));
    await addSuppressions(emu.t.db, { phones: [known[7].phoneNumber], reason: "test", addedBy: null });
    const text = ["cloudID", ...known.slice(0, 120).map((u) => u.cloudId), "9_unknown-one", known[3].cloudId, ...known.slice(120).map((u) => u.cloudId), "expired-two"].join("\n");

    const job = await buildFromCloudIds(text, "mini program fans", 40);

    expect(job.state).toBe("done");
    expect(job).toMatchObject({ total: 252, processed: 252, resolved: 250, unresolved: 2, duplicateIds: 1 });
    const unresolved = await listUnresolved(emu.t.db, job.id);
    expect(unresolved.map((u) => [u.cloudId, u.reason])).toEqual([
      ["9_unknown-one", "unknown_or_expired"],
      ["expired-two", "unknown_or_expired"],
    ]);
    expect(unresolved[0].detail).toMatch(/invalid cloudID/);

    const audience = (await getAudience(emu.t.db, job.audienceId!))!;
    expect(audience).toMatchObject({ sourceKind: "cloudid", sourceLabel: "ids.txt", validCount: 250, optedOutCount: 1, memberCount: 249 });
    const members = await listAudienceMembers(emu.t.db, job.audienceId!, { limit: 1000, phones: "whole" });
    const byPhone = new Map(members.map((m) => [m.phone, m.source]));
    expect(byPhone.get(known[0].phoneNumber)).toBe(`cloudid:${known[0].cloudId}`);
    expect(byPhone.get(known[249].phoneNumber)).toBe(`cloudid:${known[249].cloudId}`);
    expect(byPhone.has(known[7].phoneNumber)).toBe(false);
  });

  it("reports every cloudID of a list that resolves nothing, and still creates the (empty) audience", async () => {
    const job = await buildFromCloudIds("nope-1, nope-2", "nobody");
    expect(job).toMatchObject({ state: "done", resolved: 0, unresolved: 2 });
    expect((await getAudience(emu.t.db, job.audienceId!))!.memberCount).toBe(0);
  });

  it("stops with the WeChat configuration error when the credentials are wrong, instead of marking every cloudID", async () => {
    const wrong = createWechatClient({ apiBase: emu.url, appId: emu.appId, secret: "not-the-secret", envId: emu.envId });
    const error = await sourceError(resolveCloudIds(wrong, [demoUser(1).cloudId]));
    expect(error.code).toBe("sources.errors.wechat");
    expect(error.wechat).toMatchObject({ code: 40125, kind: "config" });

    const jobId = await createSourceJob(emu.t.db, { sourceKind: "cloudid", audienceName: "x", label: null, createdBy: null, total: 1 });
    await runSourceJob(emu.t.db, wrong, jobId, { kind: "cloudids", ids: [demoUser(1).cloudId] });
    const job = (await getSourceJob(emu.t.db, jobId))!;
    expect(job.state).toBe("failed");
    expect(job.error).toMatchObject({ code: "sources.errors.wechat", wechat: { code: 40125, messageKey: "errors.40125" } });
    expect(job.audienceId).toBeNull();
  });

  it("reports progress as the batches come back", async () => {
    const seen: number[] = [];
    const ids = Array.from({ length: 30 }, (_, i) => demoUser(1000 + i).cloudId);
    const result = await resolveCloudIds(wechat, ids, { batchSize: 10, concurrency: 2, onProgress: (p) => void seen.push(p.processed) });
    expect(seen.sort((a, b) => a - b)).toEqual([10, 20, 30]);
    expect(result.resolved.map((r) => r.phone)).toEqual(ids.map((_, i) => demoUser(1000 + i).phoneNumber));
  });
});

describe("a cloud function's segment into an audience", () => {
  it("builds an audience from the phone numbers exportUserSegment returns, each from function:<name>", async () => {
    const answer = await callSegmentFunction(wechat, "exportUserSegment", { segment: "even", limit: 60 });
    expect(answer.segment.kind).toBe("phones");
    expect(answer.segment.values).toHaveLength(60);
    expect(answer.preview).toContain('"segment": "even"');

    const jobId = await createSourceJob(emu.t.db, { sourceKind: "function", audienceName: "even users", label: "exportUserSegment", createdBy: null, total: 60 });
    await runSourceJob(emu.t.db, wechat, jobId, { kind: "phones", phones: answer.segment.values });
    const job = (await getSourceJob(emu.t.db, jobId))!;
    expect(job.state).toBe("done");
    const audience = (await getAudience(emu.t.db, job.audienceId!))!;
    expect(audience).toMatchObject({ sourceKind: "function", sourceLabel: "exportUserSegment", validCount: 60, memberCount: 60 });
    const members = await listAudienceMembers(emu.t.db, job.audienceId!, { limit: 100, phones: "whole" });
    expect(new Set(members.map((m) => m.source))).toEqual(new Set(["function:exportUserSegment"]));
    expect(members.map((m) => m.phone)).toContain(demoUser(0).phoneNumber);
    expect(members.map((m) => m.phone)).not.toContain(demoUser(1).phoneNumber);
  });

  it("resolves the cloudIDs a function returns and keeps both the function and the cloudID as the source", async () => {
    const answer = await callSegmentFunction(wechat, "exportUserSegment", { format: "cloudid", segment: "odd", offset: 10, limit: 5 });
    expect(answer.segment).toEqual({ kind: "cloudids", values: [21, 23, 25, 27, 29].map((i) => demoUser(i).cloudId) });
    const jobId = await createSourceJob(emu.t.db, { sourceKind: "function", audienceName: "odd", label: "exportUserSegment", createdBy: null, total: 5 });
    await runSourceJob(emu.t.db, wechat, jobId, { kind: "cloudids", ids: answer.segment.values });
    const job = (await getSourceJob(emu.t.db, jobId))!;
    const members = await listAudienceMembers(emu.t.db, job.audienceId!, { phones: "whole" });
    expect(members.find((m) => m.phone === demoUser(23).phoneNumber)?.source).toBe(`function:exportUserSegment:cloudid:${demoUser(23).cloudId}`);
    expect(members).toHaveLength(5);
  });

  it("gives the timeout message when the function runs past the 5-second limit", async () => {
    const error = await sourceError(callSegmentFunction(wechat, "slowExport", { seconds: 7 }));
    expect(error.code).toBe("sources.errors.function_timeout");
    expect(error.wechat).toMatchObject({ code: -504003, kind: "timeout", messageKey: "errors.cloudFunctionTimeout" });
  });

  it("says the function does not exist for an unknown name", async () => {
    const error = await sourceError(callSegmentFunction(wechat, "noSuchFunction", {}));
    expect(error.code).toBe("sources.errors.function_not_found");
    expect(error.params.name).toBe("noSuchFunction");
  });

  it("passes on the function's own failure", async () => {
    const error = await sourceError(callSegmentFunction(wechat, "failingExport", {}));
    expect(error.code).toBe("sources.errors.function_failed");
    expect(String(error.params.errmsg)).toMatch(/Cannot read properties/);
  });

  it("travels to the UI as one error code: the function's name, WeChat's errcode and errmsg as parameters", async () => {
    const failed = (await sourceError(callSegmentFunction(wechat, "failingExport", {}))).toErrorCode();
    expect(failed.code).toBe("sources.errors.function_failed");
    expect(failed.params).toMatchObject({ name: "failingExport", errcode: -504002 });
    expect(String(failed.params!.errmsg)).toMatch(/Cannot read properties/);

    const malformed = (await sourceError(callSegmentFunction(wechat, "echo", { users: 3 }))).toErrorCode();
    expect(malformed.params).toMatchObject({ name: "echo", problem: "no_list", keys: "users" });
    expect(malformed.params).not.toHaveProperty("errcode");
  });

  it("names what is wrong with a malformed answer and keeps the answer to show", async () => {
    const noList = await sourceError(callSegmentFunction(wechat, "echo", { users: 3 }));
    expect(noList.code).toBe("sources.errors.malformed_answer");
    expect(noList.params).toMatchObject({ problem: "no_list", keys: "users" });
    expect(noList.params.preview).toContain('"users": 3');

    const notList = await sourceError(callSegmentFunction(wechat, "echo", { phoneNumbers: "13800138000" }));
    expect(notList.params).toMatchObject({ problem: "not_list", key: "phoneNumbers" });

    const notText = await sourceError(callSegmentFunction(wechat, "echo", { cloudIDs: ["a", { b: 1 }] }));
    expect(notText.params).toMatchObject({ problem: "not_text", key: "cloudIDs", position: 2 });

    const empty = await sourceError(callSegmentFunction(wechat, "echo", { phones: [] }));
    expect(empty.code).toBe("sources.errors.empty_answer");
  });
});
