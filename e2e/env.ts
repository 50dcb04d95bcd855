/** The e2e servers' first admin, and the port of the first worker's server (e2e/fixtures.ts starts one `npm start` per worker). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_ADMIN = {
  email: process.env.E2E_ADMIN_EMAIL ?? "e2e-admin@example.com",
  password: process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password",
};
/**
 * Debian's headless shell (package chromium-headless-shell, scripts/ensure-chromium.sh): the same engine as Debian's
 * chromium without the full browser's UI, GPU compositing and background services, which took more CPU than the app
 * under test. CHROMIUM_PATH picks another build.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium-headless-shell";
/** The e2e server lets pages from this origin call its public landing endpoint (LANDING_ORIGINS): the "static website". */
export const E2E_LANDING_ORIGIN = "http://landing.e2e.test";
