import { config } from "@/lib/config";
import { SMS_CHANNEL } from "./channels";

/**
 * Where the static landing bundle (`npm run export:landing`) lives on the CloudBase static website, and the
 * folder it is exported to. SMS links are `https://<static website>/landing/index.html?activityId=…&source=_cms_sms_`;
 * the app also answers that path itself (it redirects to /h5/<id>), so in emulator mode — where the app plays the
 * static website — the same SMS path works.
 */
export const LANDING_BUNDLE_DIR = "landing";

/** The channel link: the app's own landing page (`PUBLIC_URL/h5/<id>?source=<channel>`). */
export function landingUrl(activity: string | { id: string }, channelId: string = SMS_CHANNEL, publicUrl = config().publicUrl): string {
  const id = typeof activity === "string" ? activity : activity.id;
  return `${publicUrl}/h5/${encodeURIComponent(id)}?source=${encodeURIComponent(channelId)}`;
}

/**
 * The `path` the sender puts in Marketing sendSms calls: a path on the environment's static website (no host),
 * carrying `activityId` and `source` in the query, which is where the emulator reads them from too.
 */
export function smsPath(activityId: string, channelId: string = SMS_CHANNEL): string {
  return `/${LANDING_BUNDLE_DIR}/index.html?activityId=${encodeURIComponent(activityId)}&source=${encodeURIComponent(channelId)}`;
}
