import { RangePlan } from 'src/core/rollups/range-plan';
import { BUCKET_PIECE, SAMPLE_PIECE, foldPiecesSql, rollupTable } from './rollup-sql';

/**
 * One range to summarize: from raw samples alone (no plan), or by a rollup plan using the buckets that end at or
 * before `untilMs` (raw samples after it).
 */
export interface SummaryQuery {
  readonly seriesIds: readonly number[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly rollups?: { readonly plan: RangePlan; readonly untilMs: number };
}

/**
 * One statement for many range summaries (a round trip and a planning each cost more than a small summary): the
 * pieces of every query, tagged with the query's index `req`, folded per query and series. Rows with a
 * `series_id` are summaries; every query with rollups also gets one row without, whose `dirty_ms` is the earliest
 * time not rolled up yet among the writes reaching into its rolled-up part (null when there is none), from the same
 * snapshot. All bounds are constants, so PostgreSQL prunes partitions when planning.
 */
export function summaryBatchSql(queries: readonly SummaryQuery[]): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const at = (ms: number) => `to_timestamp(${param(ms)}::float8 / 1000.0)`;
  const pieces: string[] = [];
  const dirty: string[] = [];
  queries.forEach((query, req) => {
    const ids = `${param(query.seriesIds)}::int4[]`;
    const rawPiece = (afterMs: number, untilMs: number) => {
      if (afterMs < untilMs) {
        pieces.push(`SELECT ${req} AS req, ${SAMPLE_PIECE} FROM public.samples x
                     WHERE x.series_id = ANY(${ids}) AND x.ts > ${at(afterMs)} AND x.ts <= ${at(untilMs)}`);
      }
    };
    if (query.rollups === undefined) {
      rawPiece(query.fromMs, query.toMs);
      return;
    }
    const { plan, untilMs } = query.rollups;
    rawPiece(plan.startMs, plan.rollupFromMs);
    for (const segment of plan.segments) {
      const lastStartMs = Math.min(segment.toMs, untilMs) - segment.widthMs;
      if (lastStartMs >= segment.fromMs) {
        pieces.push(
          `SELECT ${req} AS req, ${BUCKET_PIECE} FROM ${rollupTable(segment.widthMs).table} r
           WHERE r.series_id = ANY(${ids}) AND r.bucket >= ${at(segment.fromMs)} AND r.bucket <= ${at(lastStartMs)}`,
        );
      }
    }
    rawPiece(Math.max(untilMs, plan.rollupFromMs), plan.endMs);
    dirty.push(
      `SELECT ${req} AS req, (SELECT (extract(epoch FROM min(min_ts)) * 1000)::float8
                              FROM public.sample_rollup_dirty WHERE max_ts > ${at(plan.rollupFromMs)}) AS dirty_ms`,
    );
  });
  if (pieces.length === 0) {
    pieces.push(`SELECT 0 AS req, ${SAMPLE_PIECE} FROM public.samples x WHERE false`);
  }
  const summaries = `SELECT req, NULL::float8 AS dirty_ms, series_id, n,
                            (extract(epoch FROM first_ts) * 1000)::float8 AS first_t, first_value,
                            (extract(epoch FROM last_ts) * 1000)::float8 AS last_t, last_value, reset_sum
                     FROM (${foldPiecesSql(pieces.join('\nUNION ALL\n'), 'req, series_id', false)}) AS folded`;
  const dirtyRows = dirty.map(
    (select) => `SELECT req, dirty_ms, NULL::int4, NULL::int4, NULL::float8, NULL::float8, NULL::float8,
                        NULL::float8, NULL::float8 FROM (${select}) AS d`,
  );
  return { text: [summaries, ...dirtyRows].join('\nUNION ALL\n'), values };
}
