import { Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { Labels } from 'src/core/model';
import { metricName } from 'src/core/labels/labels';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';

export interface NewSeries {
  readonly fingerprint: string;
  readonly labels: Labels;
}

export interface StoredSeries {
  readonly id: number;
  readonly labels: Labels;
}

/** Series rows: one per label set. Writes run on the caller's transaction client. */
@Injectable()
export class SeriesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Returns the id of every requested series, inserting the missing ones, in one statement: the existing rows come
   * from the join (the statement's snapshot), the new ones from RETURNING. A series inserted concurrently by another
   * transaction is waited for by ON CONFLICT and then read by a second query, which is rare.
   */
  async resolveIds(client: PoolClient, series: readonly NewSeries[]): Promise<Map<string, number>> {
    const fingerprints = series.map((entry) => entry.fingerprint);
    const { rows } = await client.query<{ id: number; fingerprint: string }>(
      `WITH input (metric, labels, fingerprint) AS (
         SELECT * FROM unnest($1::text[], $2::jsonb[], $3::text[])
       ), inserted AS (
         INSERT INTO public.series (metric, labels, fingerprint)
         SELECT metric, labels, fingerprint FROM input
         ON CONFLICT (fingerprint) DO NOTHING
         RETURNING id, fingerprint
       )
       SELECT id, fingerprint FROM inserted
       UNION ALL
       SELECT s.id, s.fingerprint FROM public.series s JOIN input USING (fingerprint)`,
      [
        series.map((entry) => metricName(entry.labels)),
        series.map((entry) => JSON.stringify(entry.labels)),
        fingerprints,
      ],
    );
    const ids = new Map(rows.map((row) => [row.fingerprint, row.id]));
    const racing = fingerprints.filter((fingerprint) => !ids.has(fingerprint));
    if (racing.length > 0) {
      const late = await client.query<{ id: number; fingerprint: string }>(
        'SELECT id, fingerprint FROM public.series WHERE fingerprint = ANY($1::text[])',
        [racing],
      );
      for (const row of late.rows) {
        ids.set(row.fingerprint, row.id);
      }
    }
    return ids;
  }

  /**
   * Series of `metric` whose labels contain every pair in `equal` (pushed into SQL); the caller applies the
   * remaining matchers. Without a metric name, every series containing `equal` is read.
   */
  async findCandidates(metric: string | undefined, equal: Labels): Promise<StoredSeries[]> {
    const { rows } = await this.pool.query<{ id: number; labels: Labels }>(
      metric === undefined
        ? 'SELECT id, labels FROM public.series WHERE labels @> $1::jsonb'
        : 'SELECT id, labels FROM public.series WHERE metric = $2 AND labels @> $1::jsonb',
      metric === undefined ? [JSON.stringify(equal)] : [JSON.stringify(equal), metric],
    );
    return rows;
  }
}
