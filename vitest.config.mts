import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["lib/**/*.test.ts", "i18n/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Files run three at a time even on two cores (Vitest's default there is one): the slow files mostly wait on
    // real time (worker processes started, killed and taken over, heartbeats, restarts), and each file has its own
    // database (test/db.ts), so they wait side by side. Measured on the 2-core machine: 211 s instead of 369 s.
    maxWorkers: 3,
  },
});
