/**
 * Reading getStatistics. Typical use (server side):
 *
 *   const pages = await fetchAllPages((p) => getWechat().getStatistics({ action: "smsMarketingOverviewData", beginDate, endDate, ...p, condition: { activityId, byChannelId: "1" } }));
 *   const rows = decodeOverview(pages);                 // OverviewRow[]
 *   channelShares(rows, "h5OpenUsers");                 // the H5 pie
 *   smsFunnel(conversionRow);                           // sent → H5 → mini program
 *   realtimeChart(decodeRealtime(h5Page), decodeRealtime(wxappPage), { begin, end });  // 5-minute buckets, gaps as 0
 *
 * Everything here is pure; `fetchAllPages` only calls the function it is given.
 */
export * from "./columnar";
export * from "./rows";
export * from "./derive";
export * from "./paging";
export * from "./sms-variants";
