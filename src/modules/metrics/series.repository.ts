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

  /** Inserts missing series in one round trip and returns the id of every requested fingerprint. */
  async resolveIds(client: PoolClient, series: readonly NewSeries[]): Promise<Map<string, number>> {
    const fingerprints = series.map((entry) => entry.fingerprint);
    await client.query(
      `INSERT INTO public.series (metric, labels, fingerprint)
       SELECT * FROM unnest($1::text[], $2::jsonb[], $3::text[])
       ON CONFLICT (fingerprint) DO NOTHING`,
      [
        series.map((entry) => metricName(entry.labels)),
        series.map((entry) => JSON.stringify(entry.labels)),
        fingerprints,
      ],
    );
    const { rows } = await client.query<{ id: number; fingerprint: string }>(
      'SELECT id, fingerprint FROM public.series WHERE fingerprint = ANY($1::text[])',
      [fingerprints],
    );
    return new Map(rows.map((row) => [row.fingerprint, row.id]));
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
