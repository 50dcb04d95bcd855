import type { AnalyticsProblem } from "@/lib/analytics/schemas";

/** A failed analytics request, carrying what the server said so the panel can explain it. */
export class AnalyticsRequestError extends Error {
  constructor(
    readonly status: number,
    readonly problem: AnalyticsProblem,
  ) {
    super(`analytics request failed with ${status}: ${problem.code}`);
    this.name = "AnalyticsRequestError";
  }
}

/** GET /api/analytics/<path>?<params> as JSON; throws AnalyticsRequestError on any failure. */
export async function fetchAnalytics<T>(path: string, params: Record<string, string | number>, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  let res: Response;
  try {
    res = await fetch(`/api/analytics/${path}?${query}`, { signal, headers: { accept: "application/json" } });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new AnalyticsRequestError(0, { source: "app", code: "offline" });
  }
  const body = (await res.json().catch(() => null)) as ({ error?: AnalyticsProblem } & T) | null;
  if (!res.ok || !body) {
    const problem: AnalyticsProblem =
      body?.error && typeof body.error === "object" && "source" in body.error
        ? body.error
        : { source: "app", code: res.status === 401 ? "unauthenticated" : res.status === 403 ? "forbidden" : "internal" };
    throw new AnalyticsRequestError(res.status, problem);
  }
  return body;
}
