/**
 * SQL shared by the rollup writer and reader: the fold of `combineSummaries` (src/core/rollups) over "pieces", which
 * are single samples or rollup buckets. Each piece has `series_id, n, first_ts, first_value, last_ts, last_value,
 * reset_sum` (and `sum, min, max` when `withStats`); pieces of one group do not overlap in time. A group's summary:
 * counts and reset sums add up, first and last come from its first and last piece, and a piece whose first value is
 * below the previous piece's last value adds that last value (a counter reset between pieces). One window sort.
 */

/** Rollup tables by bucket width. */
export const ROLLUP_TABLES: ReadonlyMap<number, { readonly table: string; readonly interval: string }> =
  new Map([
    [60_000, { table: 'public.sample_rollups_1m', interval: '1 minute' }],
    [300_000, { table: 'public.sample_rollups_5m', interval: '5 minutes' }],
    [3_600_000, { table: 'public.sample_rollups_1h', interval: '1 hour' }],
    [86_400_000, { table: 'public.sample_rollups_1d', interval: '1 day' }],
  ]);

export function rollupTable(widthMs: number): { readonly table: string; readonly interval: string } {
  const table = ROLLUP_TABLES.get(widthMs);
  if (table === undefined) {
    throw new Error(`no rollup level of ${widthMs} ms`);
  }
  return table;
}

/** Columns of a sample as a piece (`x` is the samples table). */
export const SAMPLE_PIECE = `x.series_id, 1 AS n, x.ts AS first_ts, x.value AS first_value, x.ts AS last_ts,
  x.value AS last_value, 0::float8 AS reset_sum, x.value AS sum, x.value AS min, x.value AS max`;

/** Columns of a rollup bucket as a piece (`r` is a rollup table). */
export const BUCKET_PIECE = `r.series_id, r.count AS n, r.first_ts, r.first_value, r.last_ts, r.last_value,
  r.reset_sum, r.sum, r.min, r.max`;

/**
 * The fold of `pieces` (a SELECT) grouped by `keys` (`series_id`, or `series_id, bucket` when the pieces carry the
 * bucket they fall in). Output: the keys, `n, first_ts, first_value, last_ts, last_value, reset_sum` and, with
 * `withStats`, `sum, min, max`.
 */
export function foldPiecesSql(pieces: string, keys: string, withStats: boolean): string {
  return `SELECT ${keys}, sum(n)::int4 AS n,
         min(first_ts) AS first_ts, max(first_value) FILTER (WHERE is_first) AS first_value,
         max(last_ts) AS last_ts, max(last_value) FILTER (WHERE is_last) AS last_value,
         (sum(reset_sum) + coalesce(sum(prev_last) FILTER (WHERE first_value < prev_last), 0))::float8 AS reset_sum
         ${withStats ? ', sum(sum)::float8 AS sum, min(min) AS min, max(max) AS max' : ''}
  FROM (SELECT p.*, lag(last_value) OVER w AS prev_last, lag(n) OVER w IS NULL AS is_first,
               lead(n) OVER w IS NULL AS is_last
        FROM (${pieces}) AS p
        WINDOW w AS (PARTITION BY ${keys} ORDER BY first_ts)) AS folded
  GROUP BY ${keys}`;
}
