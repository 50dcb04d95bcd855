import { spawn, type ChildProcess } from "node:child_process";

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the process logged `readyLine` (or exited). */
  ready: Promise<void>;
  /** Resolves with the exit code (null when a signal ended it) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote, for failure messages. */
  output(): string;
}

/**
 * A real `npm run worker` process (scripts/worker.ts, tsx as a loader as `npm run worker` runs it) with `env`
 * on top of the test's own environment.
 */
export function startWorkerProcess(env: Record<string, string>, readyLine: string): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: process.cwd(),
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LOG_LEVEL: "info", ...env, NODE_ENV: "production" },
  });
  let output = "";
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      if (output.includes(readyLine)) resolve();
    });
    child.once("exit", () => resolve());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return { child, ready, exited, output: () => output };
}
