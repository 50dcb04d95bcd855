// What other components call: activities, their channels and links, and the public landing endpoint.
export {
  activityIdSchema,
  activityInputSchema,
  activityState,
  countActivities,
  createActivity,
  getActivity,
  listActivities,
  newActivityId,
  setActivityClosed,
  updateActivity,
  MINI_PROGRAM_QUERY_MAX,
  type Activity,
  type ActivityInput,
  type ActivityState,
  type ActivitySummary,
} from "./activities";
export {
  addChannel,
  channelIdSchema,
  channelInputSchema,
  customChannelIdSchema,
  DuplicateChannelError,
  hasChannel,
  listChannels,
  removeChannel,
  SMS_CHANNEL,
  SMS_CHANNEL_NAME,
  type Channel,
  type ChannelInput,
} from "./channels";
export { landingUrl, smsPath, LANDING_BUNDLE_DIR } from "./links";
export { activityHasSends, activityHasStatistics, deleteActivity, type DeleteOutcome } from "./deletion";
export { checkImage, getActivityImage, imagePath, removeActivityImage, setActivityImage, sniffImageType, IMAGE_MAX_BYTES, IMAGE_TYPES, type ImageProblem } from "./images";
export { landingView, type LandingView, type LandingLookup } from "./landing";
