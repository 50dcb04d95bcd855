/**
 * `npm run export:landing [-- --out <dir>]`: the landing page as a self-contained static bundle for the CloudBase
 * static website. Upload the folder's contents so that `<out>/landing/index.html` is served at `/landing/index.html`
 * (the path `smsPath()` puts in every SMS). The bundle calls the app's public endpoint at PUBLIC_URL; add the static
 * website's origin to LANDING_ORIGINS on the app so browsers may call it (CORS).
 */
import fs from "node:fs";
import path from "node:path";
import { landingHtml } from "@/lib/activities/bundle-html";
import { LANDING_BUNDLE_DIR } from "@/lib/activities/links";
import { ConfigError, loadConfig } from "@/lib/config";

const say = (m: string) => console.log(`[export:landing] ${m}`);

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main() {
  const cfg = loadConfig();
  const out = path.resolve(argument("--out") ?? path.join("out", "landing-bundle"));
  if (!process.env.PUBLIC_URL) say(`PUBLIC_URL is not set: the bundle will call ${cfg.publicUrl}, which phones cannot reach. Set PUBLIC_URL to the app's public address.`);
  const settings: Record<string, string> = {
    api: cfg.publicUrl,
    mode: cfg.wechat.mode,
    // Public identifiers only (never the secret): the JS-SDK open tag needs them inside WeChat.
    appId: cfg.wechat.mode === "live" ? cfg.wechat.appId : "",
    weappUsername: process.env.LANDING_WEAPP_USERNAME ?? "",
  };
  const dir = path.join(out, LANDING_BUNDLE_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const source = path.join("lib", "activities", "bundle");
  fs.writeFileSync(path.join(dir, "index.html"), landingHtml(settings));
  for (const file of ["landing.js", "landing.css"]) fs.copyFileSync(path.join(source, file), path.join(dir, file));
  say(`Wrote ${path.relative(process.cwd(), dir) || dir}/ (index.html, landing.js, landing.css) calling ${cfg.publicUrl}/api/h5 (${cfg.wechat.mode} mode).`);
  say(`Upload it to the static website so that /${LANDING_BUNDLE_DIR}/index.html?activityId=<id>&source=<channel> opens it, and set LANDING_ORIGINS on the app to the website's origin.`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
}
