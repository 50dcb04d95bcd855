import { ALL_CHANNELS, SMS_CHANNEL, ratio, type OverviewRow } from "./rows";

/**
 * The rule for A/B-test variant channels (README.md, "SMS figures and A/B variants"): each variant of an A/B test
 * sends its SMS with a link on a channel of its own, but WeChat counts sends on `_cms_sms_` only. So wherever the
 * app shows SMS figures, the variant channels' H5 and mini-program users belong to `_cms_sms_`.
 *
 * `rows` are overview or conversion rows; `variantChannels` the ids of the activity's A/B-test variant channels.
 * - By-channel rows: each variant row is folded into the `_cms_sms_` row (one is made, with nothing sent, when
 *   WeChat returned none), whose counts, rates and shares are recomputed; the variant rows are left out.
 * - The totals row (`all`) already counts every channel, variants included: it is returned as it is.
 * Returns new rows; the input is not changed.
 */
export function foldSmsVariants(rows: readonly OverviewRow[], variantChannels: Iterable<string>): OverviewRow[] {
  const variants = new Set(variantChannels);
  variants.delete(SMS_CHANNEL);
  variants.delete(ALL_CHANNELS);
  const folded = rows.filter((r) => variants.has(r.channelId));
  if (folded.length === 0) return rows.map((r) => ({ ...r }));
  const kept = rows.filter((r) => !variants.has(r.channelId)).map((r) => ({ ...r }));
  let sms = kept.find((r) => r.channelId === SMS_CHANNEL);
  if (!sms) {
    const model = folded[0];
    sms = {
      ...model,
      channelId: SMS_CHANNEL,
      h5OpenUsers: 0,
      jumpWxappUsers: 0,
      smsSendUsers: 0,
      smsSendList: [],
      jumpWxappUsersPercent: 0,
      h5OpenUsersPercent: 0,
      extra: {},
    };
    kept.unshift(sms);
  }
  for (const v of folded) {
    sms.h5OpenUsers += v.h5OpenUsers;
    sms.jumpWxappUsers += v.jumpWxappUsers;
    sms.h5OpenUsersPercent += v.h5OpenUsersPercent;
    sms.jumpWxappUsersPercent += v.jumpWxappUsersPercent;
  }
  sms.h5SmsRate = ratio(sms.h5OpenUsers, sms.smsSendUsers);
  sms.jumpH5Rate = ratio(sms.jumpWxappUsers, sms.h5OpenUsers);
  return kept;
}

/** The SMS funnel's row: `_cms_sms_` with the variants folded in, from by-channel or conversion rows; null when none. */
export function smsRowWithVariants(rows: readonly OverviewRow[], variantChannels: Iterable<string>): OverviewRow | null {
  return foldSmsVariants(rows, variantChannels).find((r) => r.channelId === SMS_CHANNEL) ?? null;
}
