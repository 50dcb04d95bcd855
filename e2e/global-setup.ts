import { buildIfNeeded } from "../scripts/build-if-needed";

/** One production build before any worker starts its server, so two servers never build at once. */
export default function globalSetup() {
  buildIfNeeded();
}
