import { Inject, Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from 'src/config/app-config';
import { ConflictError, InvalidInputError, PayloadTooLargeError } from 'src/core/errors';
import { IngestColumns, IngestLimits, IngestResult } from 'src/core/ingest/ingest-batch';
import { parseJsonBatch } from 'src/core/ingest/parse-json-batch';
import { parsePrometheusText } from 'src/core/ingest/parse-prometheus-text';
import { formatLabels } from 'src/core/labels/labels';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { PG_POOL } from 'src/infra/database/pg-pool.provider';
import { SampleRepository, SampleRows } from './sample.repository';
import { SeriesRepository } from './series.repository';

export type IngestFormat = 'prometheus-text' | 'json';

export interface IngestReport {
  readonly series: number;
  readonly samples: number;
}

/** Most series ids ever cached; past it the cache starts over (ids are re-read in one query per request). */
const SERIES_CACHE_LIMIT = 1_000_000;

/** Parses a write request and stores it atomically: all samples committed, or none. */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  private readonly seriesIds = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly seriesRepository: SeriesRepository,
    private readonly sampleRepository: SampleRepository,
  ) {}

  async ingest(format: IngestFormat, body: Buffer): Promise<IngestReport> {
    const nowMs = this.clock.nowMs();
    const parsed = this.parse(format, body, nowMs);
    if (!parsed.ok) {
      const summary = `${parsed.problems.length === 1 ? 'a problem' : `${parsed.problems.length} problems`} in the request; nothing was stored`;
      throw parsed.tooLarge
        ? new PayloadTooLargeError(summary, parsed.problems)
        : new InvalidInputError(summary, parsed.problems);
    }
    await this.store(parsed);
    return { series: parsed.series.length, samples: parsed.sampleCount };
  }

  private parse(format: IngestFormat, body: Buffer, nowMs: number): IngestResult {
    const limits: IngestLimits = {
      maxLabelsPerSeries: this.config.INGEST_MAX_LABELS,
      maxLabelNameLength: this.config.INGEST_MAX_LABEL_NAME_LENGTH,
      maxLabelValueLength: this.config.INGEST_MAX_LABEL_VALUE_LENGTH,
      maxSamplesPerRequest: this.config.INGEST_MAX_SAMPLES,
      minTsMs: nowMs - this.config.RETENTION_RAW,
      maxTsMs: nowMs + this.config.INGEST_MAX_FUTURE,
    };
    if (format === 'prometheus-text') {
      return parsePrometheusText(body.toString('utf8'), nowMs, limits);
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new InvalidInputError('request body is not valid JSON; nothing was stored', [
        { where: '$', message: (error as Error).message },
      ]);
    }
    return parseJsonBatch(json, limits);
  }

  /** Stores the parsed columns as they are: only the series id column is built here. */
  private async store(parsed: IngestColumns): Promise<void> {
    const { series } = parsed;
    const rows: SampleRows = {
      seriesIds: new Int32Array(parsed.timestampsMs.length),
      timestampsMs: parsed.timestampsMs,
      values: parsed.values,
    };
    await this.sampleRepository.ensurePartitions(rows.timestampsMs);

    const client = await this.pool.connect();
    const created = new Map<string, number>();
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
        rows.seriesIds.fill(id, entry.start, entry.start + entry.count);
      }
      const conflicts = await this.sampleRepository.write(client, rows);
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
