import { Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { BucketRange, DirtySpan, SeriesSpan, bucketRangesOf } from 'src/core/rollups/dirty-spans';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { BUCKET_PIECE, SAMPLE_PIECE, foldPiecesSql, rollupTable } from './rollup-sql';

/** Key of the advisory lock that makes one rollup batch run at a time (two would upsert the same buckets). */
const ROLLUP_LOCK = 'forewarn_rollups';
const LEVELS = [
  { widthMs: 60_000, sourceWidthMs: undefined },
  { widthMs: 300_000, sourceWidthMs: 60_000 },
  { widthMs: 3_600_000, sourceWidthMs: 300_000 },
  { widthMs: 86_400_000, sourceWidthMs: 3_600_000 },
] as const;

export interface RollupBatchLimits {
  /** Work to claim per batch, in series-hours of dirty spans (at least one row is always claimed). */
  readonly maxSeriesHours: number;
  /** 1-minute buckets starting before this are not recomputed from samples (retention may have removed some). */
  readonly rawHorizonMs: number;
  /** Buckets starting before this are not written (their partitions are past retention). */
  readonly rollupHorizonMs: number;
}

export type RollupBatchResult =
  | { readonly status: 'busy' }
  | { readonly status: 'done'; readonly claimed: number; readonly buckets: number };

/**
 * The write side of rollups. Sample writes record what they leave to roll up (`markDirty`, on the write's
 * transaction); `rollUpBatch` claims some of those rows, recomputes the 1-minute buckets they touch from the
 * samples and each coarser level (5 minutes, 1 hour, 1 day) from the one below, and deletes the rows, all in one
 * transaction. A recompute reads every sample committed so far, so late and out-of-order samples are handled like
 * any other; a sample committed meanwhile has its own row and is rolled up by a later batch.
 */
@Injectable()
export class SampleRollupRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Records, on the caller's transaction, the spans a sample write leaves to roll up. */
  async markDirty(client: PoolClient, spans: readonly DirtySpan[]): Promise<void> {
    if (spans.length === 0) {
      return;
    }
    await client.query(
      `INSERT INTO public.sample_rollup_dirty (min_ts, max_ts, series_ids)
       SELECT to_timestamp(lo / 1000.0), to_timestamp(hi / 1000.0), ids
       FROM json_to_recordset($1::json) AS r(lo float8, hi float8, ids int4[])`,
      [JSON.stringify(spans.map((span) => ({ lo: span.minTsMs, hi: span.maxTsMs, ids: span.seriesIds })))],
    );
  }

  /** Time span `[min, max]` (epoch ms) of everything waiting to be rolled up; undefined when nothing is. */
  async pendingSpan(): Promise<{ minTsMs: number; maxTsMs: number } | undefined> {
    const { rows } = await this.pool.query<{ lo: number | null; hi: number | null }>(
      `SELECT (extract(epoch FROM min(min_ts)) * 1000)::float8 AS lo, (extract(epoch FROM max(max_ts)) * 1000)::float8 AS hi
       FROM public.sample_rollup_dirty`,
    );
    const row = rows[0];
    return row === undefined || row.lo === null || row.hi === null
      ? undefined
      : { minTsMs: Number(row.lo), maxTsMs: Number(row.hi) };
  }

  /**
   * Rolls up one batch of pending rows (oldest first). `busy` when another batch is running. The rollup partitions
   * for the claimed times must exist (`SamplePartitionRepository.ensureRollupPartitions`).
   */
  async rollUpBatch(limits: RollupBatchLimits): Promise<RollupBatchResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows: locked } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [ROLLUP_LOCK],
      );
      if (locked[0]?.locked !== true) {
        await client.query('ROLLBACK');
        return { status: 'busy' };
      }
      const ids = await this.claim(client, limits.maxSeriesHours);
      const spans = await this.spansOf(client, ids);
      let buckets = 0;
      for (const level of LEVELS) {
        const notBeforeMs =
          level.sourceWidthMs === undefined
            ? Math.max(limits.rawHorizonMs, limits.rollupHorizonMs)
            : limits.rollupHorizonMs;
        buckets += await this.recompute(
          client,
          level.widthMs,
          level.sourceWidthMs,
          bucketRangesOf(spans, level.widthMs, notBeforeMs),
        );
      }
      await client.query('DELETE FROM public.sample_rollup_dirty WHERE id = ANY($1::int8[])', [ids]);
      await client.query('COMMIT');
      return { status: 'done', claimed: ids.length, buckets };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Ids of the oldest pending rows, up to about `maxSeriesHours` of work (at least one row). */
  private async claim(client: PoolClient, maxSeriesHours: number): Promise<string[]> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id::text FROM (
         SELECT id, coalesce(sum(cardinality(series_ids) * (1 + extract(epoch FROM max_ts - min_ts) / 3600))
                  OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS work_before
         FROM public.sample_rollup_dirty
         ORDER BY id
         LIMIT 100000) AS pending
       WHERE work_before < $1`,
      [maxSeriesHours],
    );
    return rows.map((row) => row.id);
  }

  /** The claimed rows as series spans, one per series and hour (a row lists each series once). */
  private async spansOf(client: PoolClient, ids: readonly string[]): Promise<SeriesSpan[]> {
    if (ids.length === 0) {
      return [];
    }
    const { rows } = await client.query<{ series_id: number; lo: number; hi: number }>(
      `SELECT u.series_id, (extract(epoch FROM min(d.min_ts)) * 1000)::float8 AS lo,
              (extract(epoch FROM max(d.max_ts)) * 1000)::float8 AS hi
       FROM public.sample_rollup_dirty d CROSS JOIN LATERAL unnest(d.series_ids) AS u(series_id)
       WHERE d.id = ANY($1::int8[])
       GROUP BY u.series_id, date_bin('1 hour', d.min_ts - interval '1 millisecond', timestamptz 'epoch')`,
      [ids],
    );
    return rows.map((row) => ({ seriesId: row.series_id, minTsMs: Number(row.lo), maxTsMs: Number(row.hi) }));
  }

  /**
   * Recomputes the buckets of one level in the ranges, from the samples (`sourceWidthMs` undefined) or from the
   * level below, and upserts them. Returns the number of buckets written.
   */
  private async recompute(
    client: PoolClient,
    widthMs: number,
    sourceWidthMs: number | undefined,
    ranges: readonly BucketRange[],
  ): Promise<number> {
    if (ranges.length === 0) {
      return 0;
    }
    const { table, interval } = rollupTable(widthMs);
    const pieces =
      sourceWidthMs === undefined
        ? `SELECT date_bin('${interval}', x.ts - interval '1 millisecond', timestamptz 'epoch') AS bucket,
                  ${SAMPLE_PIECE}
           FROM unnest($1::int4[], $2::float8[], $3::float8[]) AS g(series_id, from_ms, to_ms)
           JOIN public.samples x ON x.series_id = g.series_id
            AND x.ts > to_timestamp(g.from_ms / 1000.0) AND x.ts <= to_timestamp(g.to_ms / 1000.0)`
        : `SELECT date_bin('${interval}', r.bucket, timestamptz 'epoch') AS bucket, ${BUCKET_PIECE}
           FROM unnest($1::int4[], $2::float8[], $3::float8[]) AS g(series_id, from_ms, to_ms)
           JOIN ${rollupTable(sourceWidthMs).table} r ON r.series_id = g.series_id
            AND r.bucket >= to_timestamp(g.from_ms / 1000.0) AND r.bucket < to_timestamp(g.to_ms / 1000.0)`;
    const result = await client.query(
      `INSERT INTO ${table}
         (series_id, bucket, count, sum, min, max, first_ts, first_value, last_ts, last_value, reset_sum)
       SELECT series_id, bucket, n, sum, min, max, first_ts, first_value, last_ts, last_value, reset_sum
       FROM (${foldPiecesSql(pieces, 'series_id, bucket', true)}) AS folded
       ON CONFLICT (series_id, bucket) DO UPDATE SET
         count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
         first_ts = excluded.first_ts, first_value = excluded.first_value,
         last_ts = excluded.last_ts, last_value = excluded.last_value, reset_sum = excluded.reset_sum`,
      [
        ranges.map((range) => range.seriesId),
        ranges.map((range) => range.fromMs),
        ranges.map((range) => range.toMs),
      ],
    );
    return result.rowCount ?? 0;
  }
}
