import type { Db } from "@/lib/db";
import { activityIdSchema, activityState, getActivity, type ActivityState } from "./activities";
import { hasChannel, SMS_CHANNEL } from "./channels";
import { imagePath } from "./images";

/** What the public landing page may know about an activity: its content and state, nothing else. */
export interface LandingView {
  activityId: string;
  channelId: string;
  state: ActivityState;
  title: string;
  text: string;
  buttonLabel: string;
  /** Path of the image on the app (`/api/h5/image/<id>`), or null. */
  imagePath: string | null;
  startAt: string;
  endAt: string;
}

/** `unknown`: no such activity, or a channel it does not have (a wrong or tampered link). */
export type LandingLookup = { found: false } | { found: true; view: LandingView };

/** The landing page's view of `/h5/<id>?source=<channel>`; no source means `_cms_sms_`. */
export async function landingView(db: Db, activityId: string, source: string | null | undefined, now = new Date()): Promise<LandingLookup> {
  const channelId = source === undefined || source === null || source === "" ? SMS_CHANNEL : source;
  if (!activityIdSchema.safeParse(activityId).success || channelId.length > 16) return { found: false };
  const activity = await getActivity(db, activityId);
  if (!activity || !(await hasChannel(db, activityId, channelId))) return { found: false };
  return {
    found: true,
    view: {
      activityId: activity.id,
      channelId,
      state: activityState(activity, now),
      title: activity.landingTitle,
      text: activity.landingText,
      buttonLabel: activity.landingButton,
      imagePath: activity.imageId ? imagePath(activity.imageId) : null,
      startAt: activity.startAt.toISOString(),
      endAt: activity.endAt.toISOString(),
    },
  };
}
