import { buildIfNeeded } from "../scripts/build-if-needed";

/** Builds the app when the sources changed, once: the workers' servers (e2e/fixtures.ts) would each build it at once. */
export default function globalSetup() {
  buildIfNeeded();
}
