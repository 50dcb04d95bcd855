import crypto from "node:crypto";
import { z } from "zod";
import { faultsSchema, simulationSchema, type SettingsStore } from "./settings";
import { readLimitedText } from "@/lib/http";
import type { RecordedSms } from "./sms";
import { json, MAX_TOKEN_BODY_BYTES } from "./wire";

/**
 * /_control/*: fault injection and simulation switches, for tests and for the curious. Guarded by the
 * emulator secret in the `x-emulator-secret` header; the route mounts the emulator only in emulator mode.
 */
export async function control(
  settings: SettingsStore,
  secret: string,
  action: string,
  req: Request,
  records: { sms(activityId: string): Promise<RecordedSms[]> },
): Promise<Response> {
  if (!secretMatches(req.headers.get("x-emulator-secret"), secret)) {
    return json({ error: "unauthorized: send the emulator secret in the x-emulator-secret header" }, 401);
  }
  const route = `${req.method} ${action}`;
  switch (route) {
    case "GET faults":
      return json({ faults: (await settings.get()).faults });
    case "POST faults": {
      const parsed = faultsSchema.safeParse(await bodyOf(req));
      if (!parsed.success) return invalid(parsed.error);
      await settings.setFaults(parsed.data);
      return json({ faults: parsed.data });
    }
    case "POST reset-faults":
      await settings.setFaults(faultsSchema.parse({}));
      return json({ faults: (await settings.get()).faults });
    case "GET simulation":
      return json({ simulation: (await settings.get()).simulation });
    case "POST simulation": {
      const parsed = simulationSchema.partial().safeParse(await bodyOf(req));
      if (!parsed.success) return invalid(parsed.error);
      await settings.setSimulation(parsed.data);
      return json({ simulation: (await settings.get()).simulation });
    }
    case "GET sms": {
      const activityId = new URL(req.url).searchParams.get("activityId");
      if (!activityId) return json({ error: "activityId is required" }, 400);
      return json({ sms: await records.sms(activityId) });
    }
    case "POST reset-simulation":
      await settings.resetSimulation();
      return json({ simulation: (await settings.get()).simulation });
    default:
      return json({ error: `no control endpoint ${route}; see lib/emulator/README.md` }, 404);
  }
}

function secretMatches(given: string | null, secret: string): boolean {
  if (!given) return false;
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(secret).digest();
  return crypto.timingSafeEqual(a, b);
}

async function bodyOf(req: Request): Promise<unknown> {
  const text = await readLimitedText(req, MAX_TOKEN_BODY_BYTES);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    return Symbol("not json");
  }
}

function invalid(error: z.ZodError): Response {
  return json({ error: "invalid body", issues: error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`) }, 400);
}
