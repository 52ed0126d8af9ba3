import { Pool } from 'pg';
import { RangeSummaryLoader } from './range-summary.loader';
import { SummaryQuery, summaryBatchSql } from './range-summary-sql';

jest.mock('./range-summary-sql', () => ({
  summaryBatchSql: jest.fn(() => ({ text: 'SELECT summaries', values: [] })),
}));

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const sql = jest.mocked(summaryBatchSql);

/** A row of a summary of series `id` in the statement's query `req`. */
const summaryRow = (req: number, id: number, count: number) => ({
  req,
  dirty_ms: null,
  series_id: id,
  n: count,
  first_t: NOW - H,
  first_value: 1,
  last_t: NOW,
  last_value: 2,
  reset_sum: 0,
});
const dirtyRow = (req: number, dirtyMs: number | null) => ({ req, dirty_ms: dirtyMs, series_id: null });

describe(RangeSummaryLoader.name, () => {
  let query: jest.Mock;
  let sut: RangeSummaryLoader;
  /** The queries of every statement sent so far. */
  const statements = () => sql.mock.calls.map(([queries]) => queries);

  beforeEach(() => {
    sql.mockClear();
    query = jest.fn();
    sut = new RangeSummaryLoader({ query } as unknown as Pool);
  });

  it('sends the queries of one tick as one statement, those of the same range sharing their scans', async () => {
    query.mockResolvedValueOnce({
      rows: [summaryRow(0, 1, 10), summaryRow(0, 2, 20), summaryRow(1, 1, 3), dirtyRow(0, null)],
    });
    const [total, bad, short] = await Promise.all([
      sut.load([1, 2], NOW - 6 * H, NOW),
      sut.load([2], NOW - 6 * H, NOW),
      sut.load([1], NOW - 60_000, NOW),
    ]);
    expect(query).toHaveBeenCalledTimes(1);
    const [queries] = statements();
    expect(queries?.map((entry: SummaryQuery) => [entry.seriesIds, entry.rollups === undefined])).toEqual([
      [[1, 2], false],
      [[1], true],
    ]);
    expect([...(total?.keys() ?? [])]).toEqual([1, 2]);
    expect([...(bad?.entries() ?? [])].map(([id, summary]) => [id, summary.count])).toEqual([[2, 20]]);
    expect(short?.get(1)?.count).toBe(3);
  });

  it('reads from raw samples only when asked to, and short ranges always', async () => {
    query.mockResolvedValue({ rows: [] });
    await sut.load([1], NOW - 28 * 24 * H, NOW, false);
    await sut.load([1], NOW - H + 1, NOW);
    await sut.load([1], NOW - H, NOW);
    expect(statements().map(([first]) => first?.rollups !== undefined)).toEqual([false, false, true]);
  });

  it('repeats a query whose rollups reached past the first not-rolled-up sample, reading raw from its bucket', async () => {
    // First statement: no guess yet, so every bucket up to NOW; but a write at NOW - 2 h + 1 min
    // is not rolled up: its hour bucket starts at NOW - 2 h.
    query
      .mockResolvedValueOnce({ rows: [summaryRow(0, 1, 99), dirtyRow(0, NOW - 2 * H + 60_000)] })
      .mockResolvedValueOnce({ rows: [summaryRow(0, 1, 100), dirtyRow(0, NOW - 2 * H + 60_000)] });
    const result = await sut.load([1], NOW - 6 * H, NOW);
    expect(statements().map(([first]) => first?.rollups?.untilMs)).toEqual([NOW, NOW - 2 * H]);
    expect(result.get(1)?.count).toBe(100);

    // The next query starts from that guess and needs no repeat.
    query.mockResolvedValueOnce({ rows: [dirtyRow(0, NOW - 2 * H + 60_000)] });
    await sut.load([1], NOW - 6 * H, NOW);
    expect(statements()[2]?.[0]?.rollups?.untilMs).toBe(NOW - 2 * H);
  });

  it('gives up guessing after three statements and reads everything after the head raw', async () => {
    // Each statement sees an earlier late write than the one before.
    query
      .mockResolvedValueOnce({ rows: [dirtyRow(0, NOW - H)] })
      .mockResolvedValueOnce({ rows: [dirtyRow(0, NOW - 2 * H)] })
      .mockResolvedValueOnce({ rows: [dirtyRow(0, NOW - 3 * H)] })
      .mockResolvedValueOnce({ rows: [summaryRow(0, 1, 5), dirtyRow(0, NOW - 4 * H)] });
    const result = await sut.load([1], NOW - 6 * H + 1, NOW);
    const untils = statements().map(([first]) => first?.rollups?.untilMs);
    expect(untils).toEqual([NOW, NOW - H - H, NOW - 3 * H, NOW - 6 * H + 5 * 60_000]);
    expect(result.get(1)?.count).toBe(5);
  });

  it('fails every query of a statement that fails', async () => {
    query.mockRejectedValueOnce(new Error('connection lost'));
    const loads = [sut.load([1], NOW - 6 * H, NOW), sut.load([2], NOW - H / 2, NOW)];
    await Promise.all(loads.map((load) => expect(load).rejects.toThrow('connection lost')));
  });

  it('answers an empty series list without a statement', async () => {
    expect((await sut.load([], NOW - H, NOW)).size).toBe(0);
    expect(query).not.toHaveBeenCalled();
  });
});
