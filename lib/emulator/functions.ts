import { demoUsers, DEMO_USER_COUNT } from "./opendata";
import { WechatFailure } from "./wire";

/** The demo environment's cloud functions, run by /tcb/invokecloudfunction with WeChat's 5-second limit. */

export const FUNCTION_TIME_LIMIT_MS = 5000;

type CloudFunction = (event: Record<string, unknown>, ctx: { appId: string }) => Promise<unknown>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `{segment?: "all"|"even"|"odd", format?: "phone"|"cloudid", offset?: n, limit?: n (≤ 100000, default 100)}`. */
async function exportUserSegment(event: Record<string, unknown>) {
  const format = event.format ?? "phone";
  if (format !== "phone" && format !== "cloudid") throw new Error('format must be "phone" or "cloudid"');
  const segment = event.segment ?? "all";
  if (segment !== "all" && segment !== "even" && segment !== "odd") throw new Error('segment must be "all", "even" or "odd"');
  const offset = Number(event.offset ?? 0);
  const limit = Math.min(100_000, Number(event.limit ?? 100));
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 0) throw new Error("offset and limit must be non-negative integers");
  const users = demoUsers(0, DEMO_USER_COUNT).filter((_, i) => segment === "all" || (segment === "even" ? i % 2 === 0 : i % 2 === 1));
  const page = users.slice(offset, offset + limit);
  return format === "phone"
    ? { segment, total: users.length, phoneNumbers: page.map((u) => u.phoneNumber) }
    : { segment, total: users.length, cloudIDs: page.map((u) => u.cloudId) };
}

export const CLOUD_FUNCTIONS: Record<string, CloudFunction> = {
  /** The seed's example: echoes the event with the caller's app ID. */
  login: async (event, { appId }) => ({ event: { ...event, userInfo: { appId } }, appid: appId }),
  /** Returns its input unchanged: handy for trying any answer shape. */
  echo: async (event) => event,
  exportUserSegment,
  /** Runs `seconds` seconds (default 8): beyond the 5-second limit unless told otherwise. */
  slowExport: async (event) => {
    const seconds = Number(event.seconds ?? 8);
    await sleep(Math.max(0, Math.min(seconds, 30)) * 1000);
    return exportUserSegment({ ...event, limit: event.limit ?? 10 });
  },
  /** Always throws, as a function with a bug would. */
  failingExport: async () => {
    throw new Error("TypeError: Cannot read properties of undefined (reading 'phone')");
  },
};

export async function invokeCloudFunction(name: string, event: Record<string, unknown>, appId: string): Promise<string> {
  const fn = CLOUD_FUNCTIONS[name];
  if (!fn) throw new WechatFailure(-501000, `[ResourceNotFound.Function] function not found: ${name}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new WechatFailure(-504003, `functions time limit exceeded: ${name} ran longer than ${FUNCTION_TIME_LIMIT_MS / 1000} s`)),
      FUNCTION_TIME_LIMIT_MS,
    );
  });
  try {
    const result = await Promise.race([fn(event, { appId }), timeout]);
    return JSON.stringify(result ?? null);
  } catch (e) {
    if (e instanceof WechatFailure) throw e;
    throw new WechatFailure(-504002, `functions execute fail: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(timer);
  }
}
