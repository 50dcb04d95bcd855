import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestEmulator } from "@/lib/emulator/test-support";

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the sender logged that it started (or the process ended first). */
  ready: Promise<void>;
  exited: Promise<void>;
}

/**
 * Real worker processes (scripts/worker.ts, what `npm start` runs beside the web server) on the emulator's test
 * database, in emulator mode: for tests that kill them with SIGKILL and start them again. `env` adds settings
 * (SENDER_*, ABTEST_*) for every process; `dispose` kills any still running (a test that failed half-way
 * would otherwise leave them polling a dropped database) and removes their data directory.
 */
export function workerProcesses(emu: TestEmulator, env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hongyan-worker-"));
  const children = new Set<ReturnType<typeof spawn>>();
  return {
    /** `more` adds settings for this process only. */
    start(more: Record<string, string> = {}): WorkerProcess {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
        cwd: process.cwd(),
        stdio: ["ignore", "pipe", "inherit"],
        env: {
          ...process.env,
          NODE_ENV: "production",
          LOG_LEVEL: "info",
          DATABASE_URL: emu.t.url,
          HONGYAN_DATA_DIR: dataDir,
          WECHAT_APPID: "",
          WECHAT_SECRET: "",
          WECHAT_API_BASE: emu.url,
          WECHAT_ENV_ID: emu.envId,
          EMULATOR_APPID: emu.appId,
          EMULATOR_SECRET: emu.secret,
          ...env,
          ...more,
        },
      });
      children.add(child);
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      void exited.then(() => children.delete(child));
      const ready = new Promise<void>((resolve) => {
        let buffered = "";
        child.stdout!.on("data", (d: Buffer) => {
          buffered = (buffered + d.toString()).slice(-4096);
          if (buffered.includes("worker started")) resolve();
        });
        void exited.then(resolve);
      });
      return { child, ready, exited };
    },
    dispose() {
      for (const child of children) child.kill("SIGKILL");
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
