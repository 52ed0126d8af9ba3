import { Inject, Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { ConflictError } from 'src/core/errors';
import { IngestColumns } from 'src/core/ingest/ingest-batch';
import { formatLabels } from 'src/core/labels/labels';
import { WrittenSeries, dirtySpansOf } from 'src/core/rollups/dirty-spans';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { SampleRollupRepository } from './sample-rollup.repository';
import { SampleRepository, SampleRows, SampleWriteStrategy, isUniqueViolation } from './sample.repository';
import { SeriesRepository } from './series.repository';

/** Most series ids ever cached; past it the cache starts over (ids are re-read in one query per write). */
const SERIES_CACHE_LIMIT = 1_000_000;

/** Writes batches of samples of many series: the one write path of ingest and recording rules. */
@Injectable()
export class SampleStore {
  private readonly logger = new Logger(SampleStore.name);
  private readonly seriesIds = new Map<string, number>();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly seriesRepository: SeriesRepository,
    private readonly sampleRepository: SampleRepository,
    private readonly rollupRepository: SampleRollupRepository,
  ) {}

  /**
   * Stores the columns in one transaction, all or nothing: resolves (and creates) the series, then writes the
   * samples. Only the series id column is built here. A sample that conflicts with a stored one of a different
   * value fails the whole write with a ConflictError naming it. The same transaction records what the write leaves
   * to roll up (one small row per hour touched), so rollups never miss a committed sample.
   */
  async write(parsed: IngestColumns): Promise<void> {
    const rows: SampleRows = {
      seriesIds: new Int32Array(parsed.timestampsMs.length),
      timestampsMs: parsed.timestampsMs,
      values: parsed.values,
    };
    await this.sampleRepository.ensurePartitions(rows.timestampsMs);
    // The embedded server cannot take COPY FROM STDIN (it breaks the connection and hangs the server).
    if (this.config.DATABASE_BACKEND === 'embedded') {
      return this.writeInTransaction(parsed, rows, 'unnest');
    }
    try {
      await this.writeInTransaction(parsed, rows, 'copy');
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      await this.writeInTransaction(parsed, rows, 'unnest'); // some samples were stored before: check each
    }
  }

  private async writeInTransaction(
    parsed: IngestColumns,
    rows: SampleRows,
    strategy: SampleWriteStrategy,
  ): Promise<void> {
    const { series } = parsed;
    const client = await this.pool.connect();
    const created = new Map<string, number>();
    const written: WrittenSeries[] = [];
    try {
      await client.query('BEGIN');
      const unknown = series.filter((entry) => !this.seriesIds.has(entry.fingerprint));
      const resolved =
        unknown.length > 0
          ? await this.seriesRepository.resolveIds(client, unknown)
          : new Map<string, number>();
      for (const entry of series) {
        const id = this.seriesIds.get(entry.fingerprint) ?? resolved.get(entry.fingerprint);
        if (id === undefined) {
          throw new Error(`series ${formatLabels(entry.labels)} was not stored`);
        }
        created.set(entry.fingerprint, id);
        written.push({ id, start: entry.start, count: entry.count });
        rows.seriesIds.fill(id, entry.start, entry.start + entry.count);
      }
      const conflicts = await this.sampleRepository.write(client, rows, strategy);
      if (conflicts.length > 0) {
        const labelsById = new Map(series.map((entry) => [created.get(entry.fingerprint), entry.labels]));
        throw new ConflictError(
          `${conflicts.length} sample(s) conflict with stored samples of a different value; nothing was stored`,
          conflicts.map((conflict) => ({
            where: `${formatLabels(labelsById.get(conflict.seriesId) ?? {})} @ ${new Date(conflict.tsMs).toISOString()}`,
            message: `stored value ${conflict.storedValue}, new value ${conflict.newValue}`,
          })),
        );
      }
      await this.rollupRepository.markDirty(client, dirtySpansOf(written, rows.timestampsMs));
      await client.query('COMMIT');
    } catch (error) {
      await client
        .query('ROLLBACK')
        .catch((rollbackError: Error) => this.logger.warn(`rollback failed: ${rollbackError.message}`));
      throw error;
    } finally {
      client.release();
    }
    if (this.seriesIds.size + created.size > SERIES_CACHE_LIMIT) {
      this.seriesIds.clear();
    }
    for (const [fingerprint, id] of created) {
      this.seriesIds.set(fingerprint, id);
    }
  }
}
