/**
 * The emulator for the sender benchmark (scripts/bench/sender.ts; kept outside scripts/bench/ so `npm run bench` does not run it), in its own process as it is in production (the web server
 * serves /emulator; the worker runs beside it). Prints `listening <url>` and serves until SIGTERM.
 */
import { createEmulatorHandler } from "@/lib/emulator";
import { serveHandler } from "@/lib/emulator/node-server";
import { createDb } from "@/lib/db";

const db = createDb(process.env.BENCH_DATABASE_URL!, 8);
const server = await serveHandler(
  createEmulatorHandler({ db, appId: process.env.BENCH_APPID!, secret: process.env.BENCH_SECRET!, envId: process.env.BENCH_ENV_ID!, basePath: "/emulator" }),
);
console.log(`listening ${server.url}`);
process.on("SIGTERM", async () => {
  await server.close();
  await db.$client.end();
  process.exit(0);
});
