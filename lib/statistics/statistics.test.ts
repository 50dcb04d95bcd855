import { describe, expect, it } from "vitest";
import conversionCloud from "./fixtures/conversion.cloud.json";
import conversionHttps from "./fixtures/conversion.https.json";
import {
  ColumnarDecodeError,
  channelShares,
  decodeColumnar,
  decodeOverview,
  decodeRealtime,
  fetchAllPages,
  fillRealtimeSeries,
  funnelSteps,
  parseSmsSendList,
  realtimeChart,
  smsFunnel,
  type ColumnarResponse,
  type OverviewRow,
} from "./index";

const seedRow = {
  appid: "xxxxxxxxxxxxxxxxxx",
  env_id: "wedcvfr",
  activity_id: "21ded5cb6001691405171ba161c603d1",
  channel_id: "_cms_sms_",
  h5_open_uercnt: 5000,
  jump_wxapp_uercnt: 3000,
  sms_send_uercnt: 10000,
  sms_send_list: "[task1:5000,task2:5000]",
  jump_wxapp_uercnt_percent: 0.535714,
  h5_open_uercnt_percent: 0.625,
  h5_sms_rate: 0.5,
  jump_h5_rate: 0.6,
};

function table(columns: [string, string][], rows: string[][]): ColumnarResponse {
  return {
    data_column: columns.map(([col_id, col_data_type]) => ({ col_id, col_name: col_id, col_data_type })),
    data_value: rows.map((data_value) => ({ data_value })),
    total_num: rows.length,
  };
}

describe("decodeColumnar", () => {
  it("decodes the seed's conversion answer into a row keyed by col_id with typed values", () => {
    const decoded = decodeColumnar(conversionHttps);
    expect(decoded.rows).toEqual([seedRow]);
    expect(decoded.totalNum).toBe(1);
    expect(decoded.columns[4]).toEqual({ colId: "h5_open_uercnt", colName: "h5打开人数", colDataType: "1" });
  });

  it("decodes the camelCase (cloud-call) form the same", () => {
    expect(decodeColumnar(conversionCloud)).toEqual(decodeColumnar(conversionHttps));
  });

  it("keeps a column of unknown type as strings, and unknown columns as they are typed", () => {
    const decoded = decodeColumnar(table([["mystery", "7"], ["new_count", "1"]], [["0042", "12"]]));
    expect(decoded.rows).toEqual([{ mystery: "0042", new_count: 12 }]);
  });

  it.each([
    ["an integer column", "1", "12.5", "is not an integer"],
    ["an integer column", "1", "", "is not an integer"],
    ["an integer column", "1", " 12", "is not an integer"],
    ["an integer column", "1", "1e3", "is not an integer"],
    ["a double column", "2", "abc", "is not a number"],
    ["a double column", "2", "", "is not a number"],
    ["a double column", "2", "0x10", "is not a number"],
    ["a double column", "2", "Infinity", "is not a number"],
    ["a double column", "2", "0.5 ", "is not a number"],
  ])("names the column and row when %s holds %j", (_what, type, bad, problem) => {
    const response = table([["id", "0"], ["value", type]], [["a", "1"], ["b", bad]]);
    let error: unknown;
    try {
      decodeColumnar(response);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ColumnarDecodeError);
    expect(error).toMatchObject({ column: "value", row: 1, value: bad });
    expect((error as Error).message).toBe(`Column "value", row 1: ${JSON.stringify(bad)} ${problem}`);
  });

  it("accepts the number forms WeChat uses", () => {
    const decoded = decodeColumnar(table([["i", "1"], ["d", "2"]], [["-7", "0.535714"], ["0", "3"], ["123456789012345", "-1.5e-3"], ["9", ".5"]]));
    expect(decoded.rows).toEqual([
      { i: -7, d: 0.535714 },
      { i: 0, d: 3 },
      { i: 123456789012345, d: -0.0015 },
      { i: 9, d: 0.5 },
    ]);
  });

  it("refuses a row with the wrong number of values, naming the row", () => {
    expect(() => decodeColumnar(table([["a", "0"], ["b", "1"]], [["x", "1"], ["y"]]))).toThrow('Column "data_value", row 1: ["y"] has 1 values for 2 columns');
  });

  it("decodes odd column ids (__proto__, repeated ids) without touching the row's prototype", () => {
    const decoded = decodeColumnar(table([["__proto__", "1"], ["a", "0"], ["a", "1"]], [["1", "x", "2"]]));
    expect(Object.keys(decoded.rows[0])).toEqual(["__proto__", "a"]);
    expect(decoded.rows[0].a).toBe(2);
    expect(Object.getOwnPropertyDescriptor(decoded.rows[0], "__proto__")?.value).toBe(1);
  });

  it("decodes a second page with the same columns the same way", () => {
    const first = decodeColumnar(conversionHttps);
    expect(decodeColumnar(conversionCloud).rows).toEqual(first.rows);
    expect(first.rows[0]).not.toBe(decodeColumnar(conversionHttps).rows[0]);
  });

  it("decodes an empty answer to no rows", () => {
    expect(decodeColumnar({ dataColumn: [], dataValue: [], totalNum: 0 })).toEqual({ columns: [], rows: [], totalNum: 0 });
  });
});

describe("decodeOverview", () => {
  it("types the seed row, with sms_send_list parsed", () => {
    const [row] = decodeOverview(conversionHttps);
    expect(row).toEqual<OverviewRow>({
      appid: "xxxxxxxxxxxxxxxxxx",
      envId: "wedcvfr",
      activityId: "21ded5cb6001691405171ba161c603d1",
      channelId: "_cms_sms_",
      h5OpenUsers: 5000,
      jumpWxappUsers: 3000,
      smsSendUsers: 10000,
      smsSendList: [
        { taskId: "task1", count: 5000 },
        { taskId: "task2", count: 5000 },
      ],
      jumpWxappUsersPercent: 0.535714,
      h5OpenUsersPercent: 0.625,
      h5SmsRate: 0.5,
      jumpH5Rate: 0.6,
      extra: {},
    });
  });

  it("computes missing rate and share columns from the counts", () => {
    const rows = decodeOverview(
      table(
        [["channel_id", "0"], ["h5_open_uercnt", "1"], ["jump_wxapp_uercnt", "1"], ["sms_send_uercnt", "1"], ["scan_cnt", "1"]],
        [["_cms_sms_", "300", "150", "1000", "4"], ["wecom", "100", "50", "0", "0"]],
      ),
    );
    expect(rows.map((r) => [r.channelId, r.h5SmsRate, r.jumpH5Rate, r.h5OpenUsersPercent, r.jumpWxappUsersPercent, r.smsSendList, r.extra])).toEqual([
      ["_cms_sms_", 0.3, 0.5, 0.75, 0.75, [], { scan_cnt: 4 }],
      ["wecom", 0, 0.5, 0.25, 0.25, [], { scan_cnt: 0 }],
    ]);
  });

  it("refuses an answer without the count columns", () => {
    expect(() => decodeOverview(table([["channel_id", "0"]], [["all"]]))).toThrow(/h5_open_uercnt/);
  });
});

describe("parseSmsSendList", () => {
  it.each([
    ["[task1:5000,task2:5000]", [{ taskId: "task1", count: 5000 }, { taskId: "task2", count: 5000 }]],
    ["[]", []],
    ["", []],
    ["[ns:task:7]", [{ taskId: "ns:task", count: 7 }]],
  ])("parses %j", (value, expected) => {
    expect(parseSmsSendList(value)).toEqual(expected);
  });

  it("refuses an entry without a count", () => {
    expect(() => parseSmsSendList("[task1]", 3)).toThrow('Column "sms_send_list", row 3');
  });
});

describe("funnelSteps", () => {
  it("gives the seed's funnel: 10000 sent → 5000 H5 (50%) → 3000 mini program (60% of H5, 30% of sent)", () => {
    const [row] = decodeOverview(conversionCloud);
    expect(smsFunnel(row)).toEqual([
      { key: "smsSent", count: 10000, rateFromPrevious: 1, rateFromFirst: 1, dropped: 0, dropOff: 0 },
      { key: "h5Opened", count: 5000, rateFromPrevious: 0.5, rateFromFirst: 0.5, dropped: 5000, dropOff: 0.5 },
      { key: "wxappOpened", count: 3000, rateFromPrevious: 0.6, rateFromFirst: 0.3, dropped: 2000, dropOff: 0.4 },
    ]);
  });

  it("gives zero rates instead of dividing by zero, and never a negative drop", () => {
    expect(funnelSteps([{ key: "a", count: 0 }, { key: "b", count: 0 }, { key: "c", count: 5 }])).toEqual([
      { key: "a", count: 0, rateFromPrevious: 1, rateFromFirst: 1, dropped: 0, dropOff: 0 },
      { key: "b", count: 0, rateFromPrevious: 0, rateFromFirst: 0, dropped: 0, dropOff: 0 },
      { key: "c", count: 5, rateFromPrevious: 0, rateFromFirst: 0, dropped: 0, dropOff: 0 },
    ]);
  });
});

describe("channelShares", () => {
  const rows = decodeOverview(
    table(
      [["channel_id", "0"], ["h5_open_uercnt", "1"], ["jump_wxapp_uercnt", "1"], ["sms_send_uercnt", "1"]],
      [["all", "400", "200", "1000"], ["wecom", "100", "80", "0"], ["_cms_sms_", "300", "120", "1000"], ["qq", "0", "0", "0"]],
    ),
  );

  it("gives each channel's share of H5 users, largest first, without the totals row", () => {
    expect(channelShares(rows, "h5OpenUsers")).toEqual([
      { channelId: "_cms_sms_", count: 300, share: 0.75 },
      { channelId: "wecom", count: 100, share: 0.25 },
      { channelId: "qq", count: 0, share: 0 },
    ]);
  });

  it("gives shares of mini-program users", () => {
    expect(channelShares(rows, "jumpWxappUsers").map((s) => [s.channelId, s.share])).toEqual([
      ["_cms_sms_", 0.6],
      ["wecom", 0.4],
      ["qq", 0],
    ]);
  });

  it("gives zero shares when nothing happened", () => {
    expect(channelShares(rows.filter((r) => r.channelId === "qq"), "h5OpenUsers")).toEqual([{ channelId: "qq", count: 0, share: 0 }]);
  });
});

describe("real-time series", () => {
  const begin = 1614182400; // a multiple of 300
  const response = table([["time", "1"], ["cnt", "1"]], [[String(begin + 600), "4"], [String(begin), "2"]]);

  it("reads rows by position, whatever the columns are called", () => {
    expect(decodeRealtime(response)).toEqual([
      { time: begin, users: 2 },
      { time: begin + 600, users: 4 },
    ]);
  });

  it("fills 5-minute gaps with zeros over [begin, end)", () => {
    expect(fillRealtimeSeries(decodeRealtime(response), { begin, end: begin + 1200 })).toEqual([
      { time: begin, users: 2 },
      { time: begin + 300, users: 0 },
      { time: begin + 600, users: 4 },
      { time: begin + 900, users: 0 },
    ]);
  });

  it("aligns to 5-minute boundaries and drops points outside the range", () => {
    const points = [
      { time: begin - 300, users: 9 },
      { time: begin + 60, users: 1 },
      { time: begin + 120, users: 1 },
      { time: begin + 600, users: 9 },
    ];
    expect(fillRealtimeSeries(points, { begin: begin + 100, end: begin + 600 })).toEqual([
      { time: begin, users: 2 },
      { time: begin + 300, users: 0 },
    ]);
  });

  it("combines H5 and mini-program users with the conversion rate per bucket", () => {
    const h5 = [{ time: begin, users: 4 }];
    const wxapp = [{ time: begin, users: 1 }, { time: begin + 300, users: 1 }];
    expect(realtimeChart(h5, wxapp, { begin, end: begin + 600 })).toEqual([
      { time: begin, h5Users: 4, wxappUsers: 1, conversionRate: 0.25 },
      { time: begin + 300, h5Users: 0, wxappUsers: 1, conversionRate: 0 },
    ]);
  });

  it("refuses a real-time row whose users are not a count", () => {
    expect(() => decodeRealtime(table([["t", "1"], ["n", "1"]], [["1614182400", "x"]]))).toThrow('Column "users", row 0');
  });
});

describe("fetchAllPages", () => {
  const all = Array.from({ length: 2500 }, (_, i) => [`ch${i}`, String(i)]);
  const columns = [
    { col_id: "channel_id", col_name: "渠道", col_data_type: "0" },
    { col_id: "h5_open_uercnt", col_name: "h5", col_data_type: "1" },
  ];

  it("asks page after page by row offset until total_num rows have arrived", async () => {
    const asked: { pageOffset: number; pageLimit: number }[] = [];
    const pages = await fetchAllPages(async (page) => {
      asked.push(page);
      return { data_column: columns, data_value: all.slice(page.pageOffset, page.pageOffset + page.pageLimit).map((data_value) => ({ data_value })), total_num: all.length };
    });
    expect(asked).toEqual([
      { pageOffset: 0, pageLimit: 1000 },
      { pageOffset: 1000, pageLimit: 1000 },
      { pageOffset: 2000, pageLimit: 1000 },
    ]);
    const decoded = decodeColumnar(pages);
    expect(decoded.rows).toHaveLength(2500);
    expect(decoded.rows[2499]).toEqual({ channel_id: "ch2499", h5_open_uercnt: 2499 });
    expect(decoded.totalNum).toBe(2500);
  });

  it("stops at an empty page even if total_num promised more", async () => {
    let calls = 0;
    const pages = await fetchAllPages(
      async ({ pageOffset }) => {
        calls++;
        return pageOffset === 0 ? { dataColumn: [], dataValue: [{ dataValue: ["a"] }, { dataValue: ["b"] }], totalNum: 10 } : { dataColumn: [], dataValue: [], totalNum: 0 };
      },
      { pageLimit: 2 },
    );
    expect(calls).toBe(2);
    expect(pages.dataValue).toEqual([["a"], ["b"]]);
  });

  it("keeps asking while pages come back full when the answer has no total_num", async () => {
    const asked: number[] = [];
    const pages = await fetchAllPages(
      async ({ pageOffset, pageLimit }) => {
        asked.push(pageOffset);
        return { data_column: columns, data_value: all.slice(pageOffset, Math.min(pageOffset + pageLimit, 5)).map((data_value) => ({ data_value })) };
      },
      { pageLimit: 2 },
    );
    expect(asked).toEqual([0, 2, 4]);
    expect(pages.dataValue).toHaveLength(5);
    expect(pages.totalNum).toBe(5);
  });

  it("refuses to return partial rows from a server that ignores page_offset", async () => {
    const sameFirstPage = async () => ({ data_column: columns, data_value: all.slice(0, 2).map((data_value) => ({ data_value })), total_num: all.length });
    await expect(fetchAllPages(sameFirstPage, { pageLimit: 2, maxPages: 5 })).rejects.toThrow("fetchAllPages stopped after 5 pages (10 of 2500 rows)");
  });

  it("returns nothing for a query without data (10011)", async () => {
    expect(await fetchAllPages(async () => ({ dataColumn: [], dataValue: [], totalNum: 0 }))).toEqual({ dataColumn: [], dataValue: [], totalNum: 0 });
  });
});
