import crypto from "node:crypto";
import os from "node:os";
import { db as appDb, type Db } from "@/lib/db";
import { log as appLog } from "@/lib/log";
import { getSmsSettings, type SmsSettings } from "@/lib/settings/sms";
import { isWithinAllowedHours, type AllowedHours } from "./allowed-hours";
import { claimNextBatch, expireLeases, recordAnswer, recordRefusal, recordUncertain, releaseClaim, type ClaimedBatch } from "./claim";
import { finishTasks, reportNextFinishedTask } from "./finish";
import { prepareAll } from "./prepare";
import type { SendSmsInput } from "@/lib/wechat/types";
import { smsBodyOf } from "./sms-body";
import { classifySendFailure, type SmsApi } from "./sms-api";
import { smsApiFromConfig } from "./wechat-sms-api";

export interface WorkerOptions {
  signal: AbortSignal;
  /** Batches in flight at once in this process; default: the `batchesInFlight` SMS setting (2). */
  concurrency?: number;
  database?: Db;
  api?: SmsApi;
  workerId?: string;
  /**
   * How long a claimed batch may stay in flight before another worker declares it uncertain.
   * Must comfortably exceed the client's sendSms timeout.
   */
  leaseMs?: number;
  /** How often an idle worker looks for due batches and finished tasks. */
  pollMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  reportRetryMs?: number;
  log?: Pick<typeof appLog, "info" | "warn" | "error">;
}

export const DEFAULT_LEASE_MS = 120_000;

/** Runs the works given to it one after the other, each once the one before has settled. */
function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = last.then(work);
    last = run.catch(() => {});
    return run;
  };
}

/** Waits for the first of: `ms` elapsed, the signal aborted, or any of `events` settled. */
async function waitForAny(ms: number, aborted: Promise<void>, events: Iterable<Promise<void>>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), aborted, ...events]);
  } finally {
    clearTimeout(timer);
  }
}

export function sendSmsRequestFor(claim: ClaimedBatch): SendSmsInput {
  return { ...smsBodyOf(claim.task), phoneNumberList: claim.phones, useShortName: claim.task.useShortName };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

interface Claimed {
  claim: ClaimedBatch;
  /** How long the claim took (logged with the batch). */
  claimMs: number;
}

/** Retries a ledger write a few times: losing the answer to a passing database error would make a sent batch uncertain. */
async function persist<T>(what: string, write: () => Promise<T>, log: WorkerOptions["log"] & object): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= 5) throw err;
      log.warn({ err, attempt }, `sender: ${what} failed, retrying`);
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/**
 * The durable batched sender. Claims due batches (up to `concurrency` in flight), sends each with one
 * sendSms call and records the answer; beside the sending it writes the ledger rows of cancelled batches large tasks left unprepared,
 * expires stale leases, finishes tasks and reports finished ones. Any number of workers in any number of processes may run against one
 * database. When `signal` aborts it stops claiming and waits for the batches it has in flight.
 */
export async function runWorker(opts: WorkerOptions): Promise<void> {
  const database = opts.database ?? appDb();
  const api = opts.api ?? smsApiFromConfig();
  const log = opts.log ?? appLog;
  const workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = opts.pollMs ?? 1000;
  const signal = opts.signal;
  const aborted = new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
  const inFlight = new Set<Promise<void>>();
  const recording = new Set<Promise<void>>();
  let settings: SmsSettings | undefined;
  let settingsReadAt = 0;
  let housekeptAt = 0;
  let batchEnded = false;
  let housekeeping: Promise<void> | undefined;
  /** Writing the recipient rows of cancelled batches a large task left unprepared (lib/campaigns/prepare.ts). */
  let preparing: Promise<void> | undefined;
  let preparedAt = 0;
  /**
   * Claiming ahead. A claim is a round trip that committed before anything is sent, and a slot used to wait for it
   * after each answer: with 200 ms answers, a 15 ms claim cost 7% of the sending. So while every slot is busy, each
   * batch sent has its successor claimed just before its answer is expected (the send time less three claim times,
   * both as running averages), which goes out the moment a slot frees. One claim ahead for the whole worker was not
   * enough: answers arrive in clumps, and the second slot of a clump waited for a claim of its own (three workers on
   * two cores: a slot stood idle 19 ms of every 240). Claimed means in flight: if this process dies while holding
   * one, the batch becomes uncertain like any other in flight, so it is held only for about a claim's time; on a clean
   * stop each is handed back unsent (`releaseClaim`).
   */
  const ahead: Promise<Claimed | null>[] = [];
  let sendEstimateMs = 0;
  let claimEstimateMs = 0;
  /** The sends that started before any answer gave the estimate: their successors are claimed once it has (`claimAheadLater`). */
  const beforeEstimate: number[] = [];
  /** When each slot freed, oldest first: the next send logs how long its slot stood idle. */
  const slotsFreedAt: number[] = [];
  /**
   * One claim and one answer written at a time in this process, each after the one before. Written side by side, the
   * answers of one process contended for the same index pages and PostgreSQL spent more CPU on each (a 1000-number
   * answer: 4.5–4.9 ms alone, 6.2–8.1 ms four at a time, for no more written a second), and claims behind them waited
   * longer; one after the other they keep up, as a claim costs about a millisecond and an answer about five.
   */
  const claiming = oneAtATime();
  const writing = oneAtATime();
  const average = (current: number, sample: number) => (current === 0 ? sample : current * 0.8 + sample * 0.2);

  let allowed: { minute: number; hours: AllowedHours; value: boolean } | undefined;
  /**
   * Whether marketing SMS may go out now. The answer changes only on the minute, and working it out (a time-zone
   * conversion) on every turn of the loop cost about 0.3 ms of the worker's CPU a batch.
   */
  const marketingAllowedNow = (hours: AllowedHours): boolean => {
    const minute = Math.floor(Date.now() / 60_000);
    if (allowed?.minute !== minute || allowed.hours !== hours) allowed = { minute, hours, value: isWithinAllowedHours(new Date(), hours) };
    return allowed.value;
  };

  const claimOne = (marketingAllowed: boolean): Promise<Claimed | null> => {
    return claiming(async () => {
      const from = performance.now();
      const claim = await claimNextBatch(database, { workerId, leaseMs, marketingAllowed });
      const claimMs = performance.now() - from;
      claimEstimateMs = average(claimEstimateMs, claimMs);
      return claim && { claim, claimMs };
    });
  };

  /** Claims the successor of the send that started at `startedAt` just before its answer is expected. */
  const claimAheadLater = (startedAt: number) => {
    if (sendEstimateMs === 0) {
      // Only the first sends wait for it (calls that fail give no estimate).
      if (beforeEstimate.length < (opts.concurrency ?? settings?.batchesInFlight ?? 2)) beforeEstimate.push(startedAt);
      return;
    }
    setTimeout(() => {
      if (signal.aborted || !settings) return;
      const concurrency = opts.concurrency ?? settings.batchesInFlight;
      if (ahead.length >= concurrency || recording.size >= concurrency * 2) return;
      ahead.push(claimOne(marketingAllowedNow(settings.allowedHours)).catch((err) => {
        log.error({ err }, "sender: claiming ahead failed");
        return null;
      }));
    }, Math.max(0, startedAt + sendEstimateMs - 3 * claimEstimateMs - 5 - performance.now()));
  };

  /**
   * Sends one batch; resolves as soon as WeChat has answered, so the slot is free for the next call
   * while the answer is written (tracked in `recording`).
   */
  const sendBatch = async (claim: ClaimedBatch, s: SmsSettings, claimMs: number): Promise<void> => {
    let record: () => Promise<string>;
    const sending = performance.now();
    const freedAt = slotsFreedAt.shift();
    let sendMs = 0;
    try {
      const answering = api.sendSms(sendSmsRequestFor(claim));
      claimAheadLater(sending);
      const answer = await answering;
      sendMs = performance.now() - sending;
      sendEstimateMs = average(sendEstimateMs, sendMs);
      for (const startedAt of beforeEstimate.splice(0)) claimAheadLater(startedAt);
      record = async () => {
        await persist("recording the answer", () => recordAnswer(database, claim, answer.sendStatusList), log);
        return "sent";
      };
    } catch (err) {
      sendMs = performance.now() - sending;
      const failure = classifySendFailure(err);
      if (failure.kind === "refused") {
        const policy = { maxAttempts: s.maxAttempts, retryBaseMs: opts.retryBaseMs ?? 5_000, retryMaxMs: opts.retryMaxMs ?? 300_000 };
        record = async () => `refused ${failure.errcode}: ${await persist("recording the refusal", () => recordRefusal(database, claim, failure, policy), log)}`;
      } else {
        record = async () => {
          await persist("marking uncertain", () => recordUncertain(database, claim, failure), log);
          return `uncertain: ${failure.code} ${failure.detail ?? ""}`;
        };
      }
    }
    const recordingFrom = performance.now();
    slotsFreedAt.push(recordingFrom);
    const r: Promise<void> = writing(record)
      .then((outcome) => {
        // The timings show where a batch's time goes (scripts/bench/sender.ts reads them): how long its slot stood
        // idle before it went out (none for a slot's first batch), its claim, the call, and writing the answer.
        const timings = { ...(freedAt === undefined ? {} : { idleMs: round(sending - freedAt) }), claimMs: round(claimMs), sendMs: round(sendMs), recordMs: round(performance.now() - recordingFrom) };
        log.info({ batchId: claim.batchId, taskId: claim.taskId, numbers: claim.phones.length, attempt: claim.attempt, outcome, ...timings }, "sender: batch");
      })
      .catch((err) => log.error({ err, batchId: claim.batchId }, "sender: could not record a batch; its lease will make it uncertain"))
      .finally(() => {
        recording.delete(r);
        batchEnded = true;
      });
    recording.add(r);
  };

  const housekeep = async () => {
    const expired = await expireLeases(database);
    if (expired > 0) log.warn({ expired }, "sender: batches whose worker stopped mid-send are now uncertain");
    const finished = await finishTasks(database);
    for (const id of finished) log.info({ taskId: id }, "sender: task finished");
    for (let i = 0; i < 10; i++) {
      const reported = await reportNextFinishedTask(database, api, opts.reportRetryMs);
      if (!reported) break;
      log.info(reported, "sender: report sendSmsTask");
    }
  };

  log.info({ workerId }, "sender: worker started");
  while (!signal.aborted) {
    try {
      if (!settings || Date.now() - settingsReadAt > 10_000) {
        settings = await getSmsSettings(database);
        settingsReadAt = Date.now();
      }
      const concurrency = opts.concurrency ?? settings.batchesInFlight;
      const sinceHousekeeping = Date.now() - housekeptAt;
      // A finished batch may have been a task's last: look soon, but not after every batch. Housekeeping runs
      // beside the sending: awaited here, its three statements held up every claim behind it.
      if (!housekeeping && (sinceHousekeeping >= pollMs || (batchEnded && sinceHousekeeping >= Math.min(pollMs, 250)))) {
        housekeptAt = Date.now();
        batchEnded = false;
        housekeeping = housekeep()
          .catch((err) => log.error({ err }, "sender: housekeeping failed"))
          .finally(() => (housekeeping = undefined));
      }
      // Only cancelled batches are left for it to write: it looks as often as an idle worker polls, not after every
      // batch (a round trip each, twice a batch while sending).
      if (!preparing && Date.now() - preparedAt >= pollMs) {
        preparedAt = Date.now();
        preparing = prepareAll(database, signal)
          .then((prepared) => {
            if (prepared > 0) log.info({ prepared }, "sender: batches prepared");
          })
          .catch((err) => log.error({ err }, "sender: preparing batches failed"))
          .finally(() => (preparing = undefined));
      }
      const marketingAllowed = marketingAllowedNow(settings.allowedHours);
      // Answers still being written count against the limit too, so a slow database slows the sending.
      while (inFlight.size < concurrency && recording.size < concurrency * 2 && !signal.aborted) {
        const next = await (ahead.shift() ?? claimOne(marketingAllowed));
        if (!next) {
          // Nothing due: a slot that stands idle now waits for work, not for the sender.
          slotsFreedAt.length = 0;
          break;
        }
        const { claim, claimMs } = next;
        const current = settings;
        const p: Promise<void> = sendBatch(claim, current, claimMs)
          .catch((err) => log.error({ err, batchId: claim.batchId }, "sender: batch failed unexpectedly; its lease will make it uncertain"))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    } catch (err) {
      log.error({ err }, "sender: worker tick failed");
    }
    await waitForAny(pollMs, aborted, [...inFlight, ...recording]);
  }
  // A batch claimed ahead and never sent goes back to pending: nothing of it reached WeChat.
  for (const claimedAhead of ahead.splice(0)) {
    const unsent = await claimedAhead;
    if (unsent) await persist("handing back a batch claimed ahead", () => releaseClaim(database, unsent.claim), log).catch((err) => log.error({ err, batchId: unsent.claim.batchId }, "sender: could not hand back a batch claimed ahead; its lease will make it uncertain"));
  }
  await Promise.allSettled([...inFlight]);
  await Promise.allSettled([...recording]);
  await housekeeping;
  await preparing;
  try {
    await finishTasks(database);
  } catch {
    // The next worker to start finishes them.
  }
  log.info({ workerId }, "sender: worker stopped");
}
