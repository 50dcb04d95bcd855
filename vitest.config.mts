import { configDefaults, defineConfig } from "vitest/config";

/**
 * Files that must have the machine to themselves: the crash-safety test kills worker processes at random while
 * 5 × 5,000 numbers go out (CPU-bound, within its own time limit), and the queue's hand-over test races a worker's
 * stop against its last write. They run one at a time, after the others.
 */
const ALONE = ["lib/campaigns/crash-safety.test.ts", "lib/jobs/jobs.test.ts"];
const ALL = ["lib/**/*.test.ts", "i18n/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"];

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    globalSetup: ["test/global-setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        // Three files at a time even on two cores (Vitest's default there is one): the slow ones mostly wait on
        // real time (worker processes started, killed and taken over, heartbeats, restarts), and each file has its
        // own database (test/db.ts), so they wait side by side.
        extends: true,
        test: { name: "side by side", include: ALL, exclude: [...configDefaults.exclude, ...ALONE], maxWorkers: 3, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: "alone", include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
