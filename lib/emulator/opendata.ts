import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { invalidParameter } from "./wire";

/** The demo mini program's users: cloudIDs that resolve to phone numbers through getOpenData. */
export const DEMO_USER_COUNT = 5000;
const MAX_CLOUD_IDS = 1000;

export interface DemoUser {
  cloudId: string;
  openid: string;
  /** +86 and 11 digits. */
  phoneNumber: string;
}

function digest(s: string): string {
  return crypto.createHash("sha256").update(s).digest("hex");
}

/** Demo user i (0 ≤ i < DEMO_USER_COUNT), the same on every machine. */
export function demoUser(i: number): DemoUser {
  const h = digest(`hongyan-demo-user-${i}`);
  const second = "35789"[i % 5];
  const rest = String((i * 7919 + 104729) % 1_000_000_000).padStart(9, "0");
  return {
    cloudId: `9_${h.slice(0, 48)}`,
    openid: `o${Buffer.from(h.slice(48, 64), "hex").toString("base64url")}${h.slice(0, 5)}`.slice(0, 28),
    phoneNumber: `+861${second}${rest}`,
  };
}

export function demoUsers(from = 0, count = DEMO_USER_COUNT): DemoUser[] {
  const out: DemoUser[] = [];
  for (let i = from; i < Math.min(DEMO_USER_COUNT, from + count); i++) out.push(demoUser(i));
  return out;
}

/** Creates the demo users once (idempotent, one statement). */
export async function ensureDemoOpenUsers(db: Db): Promise<void> {
  const users = demoUsers();
  await db.execute(sql`
    insert into emu_open_users (cloud_id, openid, phone_number)
    select * from unnest(${sql.param(users.map((u) => u.cloudId))}::text[], ${sql.param(users.map((u) => u.openid))}::text[],
                         ${sql.param(users.map((u) => u.phoneNumber))}::text[])
    on conflict do nothing`);
}

export interface OpenDataEntry {
  cloud_id: string;
  json: Record<string, unknown>;
}

/**
 * Each cloudID gets an entry, in the order asked. A known one carries the phone number; an unknown one carries
 * an error object in place of `data` (see README: "Unknown cloudIDs"), so a batch never fails for one bad ID.
 */
export async function getOpenData(db: Db, appId: string, now: Date, body: Record<string, unknown>): Promise<OpenDataEntry[]> {
  const list = body.cloudid_list;
  if (!Array.isArray(list) || list.length === 0) throw invalidParameter("cloudid_list must be a non-empty array");
  if (list.length > MAX_CLOUD_IDS) throw invalidParameter(`cloudid_list has ${list.length} entries; at most ${MAX_CLOUD_IDS} per call`);
  if (list.some((x) => typeof x !== "string")) throw invalidParameter("cloudid_list must contain strings");
  const ids = list as string[];
  const r = await db.execute<{ cloud_id: string; phone_number: string }>(
    sql`select cloud_id, phone_number from emu_open_users where cloud_id = any(${sql.param(ids)}::text[])`,
  );
  const phones = new Map(r.rows.map((x) => [x.cloud_id, x.phone_number]));
  const timestamp = Math.floor(now.getTime() / 1000);
  return ids.map((id) => {
    const phone = phones.get(id);
    if (!phone) return { cloud_id: id, json: { cloudID: id, errCode: -1, errMsg: "invalid cloudID: unknown or expired" } };
    return {
      cloud_id: id,
      json: {
        cloudID: id,
        data: { phoneNumber: phone, purePhoneNumber: phone.slice(3), countryCode: "86", watermark: { appid: appId, timestamp } },
      },
    };
  });
}
