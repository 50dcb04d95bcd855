import { columnsOf, rowValuesOf, totalNumOf, type ColumnDef, type ColumnarResponse } from "./columnar";

/** Fetches one page: `pageOffset` is a row offset, as `page_offset` on the wire. */
export type PageFetcher = (page: { pageOffset: number; pageLimit: number }) => Promise<ColumnarResponse>;

export interface FetchAllOptions {
  /** Default 1000. */
  pageLimit?: number;
  /** Safety stop for a server that ignores the offset (an error, not partial rows); default 1000 pages. */
  maxPages?: number;
}

/** Every page of a query, concatenated, in the camelCase form `decodeColumnar` and `decodeOverview` read. */
export interface AllPages {
  dataColumn: ColumnDef[];
  dataValue: string[][];
  totalNum: number;
}

/**
 * Calls `fetchPage` with growing offsets until `total_num` rows have arrived or a page comes back short or
 * empty (10011 is an empty page), and returns one answer with all the rows.
 */
export async function fetchAllPages(fetchPage: PageFetcher, options: FetchAllOptions = {}): Promise<AllPages> {
  const pageLimit = options.pageLimit ?? 1000;
  if (!Number.isInteger(pageLimit) || pageLimit < 1) throw new RangeError(`pageLimit must be a whole number ≥ 1, got ${pageLimit}`);
  const maxPages = options.maxPages ?? 1000;
  let columns: ColumnDef[] = [];
  const rows: string[][] = [];
  let totalNum = 0;
  for (let page = 0; ; page++) {
    if (page === maxPages) {
      // Partial figures would look like real ones on a chart; better to say so.
      throw new RangeError(`fetchAllPages stopped after ${maxPages} pages (${rows.length} of ${totalNum} rows); the server may be ignoring page_offset`);
    }
    const answer = await fetchPage({ pageOffset: rows.length, pageLimit });
    const values = rowValuesOf(answer);
    if (columns.length === 0) columns = columnsOf(answer);
    for (const v of values) rows.push(v);
    // Without total_num, only a short page says it was the last.
    const announced = answer.total_num ?? answer.totalNum;
    totalNum = announced === undefined ? rows.length : totalNumOf(answer, rows.length);
    if (values.length === 0 || values.length < pageLimit || (announced !== undefined && rows.length >= totalNum)) break;
  }
  return { dataColumn: columns, dataValue: rows, totalNum: Math.max(totalNum, rows.length) };
}
