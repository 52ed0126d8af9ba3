import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { InvalidInputError, PayloadTooLargeError } from 'src/core/errors';
import { IngestLimits, IngestResult } from 'src/core/ingest/ingest-batch';
import { parseJsonBatch } from 'src/core/ingest/parse-json-batch';
import { parseOtlpJson } from 'src/core/ingest/parse-otlp-json';
import { parsePrometheusText } from 'src/core/ingest/parse-prometheus-text';
import { parseRemoteWrite } from 'src/core/ingest/parse-remote-write';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { SampleStore } from './sample-store.service';

export type IngestFormat = 'prometheus-text' | 'json' | 'remote-write' | 'otlp-json';

export interface IngestReport {
  readonly series: number;
  readonly samples: number;
}

/** Parses a write request and stores it atomically: all samples committed, or none. */
@Injectable()
export class IngestService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly store: SampleStore,
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
    if (parsed.sampleCount > 0) {
      await this.store.write(parsed); // remote write sends metadata-only requests, which carry no samples
    }
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
    switch (format) {
      case 'prometheus-text':
        return parsePrometheusText(body.toString('utf8'), nowMs, limits);
      case 'remote-write':
        return parseRemoteWrite(body, limits, this.config.INGEST_MAX_BODY_BYTES);
      case 'json':
        return parseJsonBatch(this.json(body), limits);
      case 'otlp-json':
        return parseOtlpJson(this.json(body), limits);
    }
  }

  private json(body: Buffer): unknown {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new InvalidInputError('request body is not valid JSON; nothing was stored', [
        { where: '$', message: (error as Error).message },
      ]);
    }
  }
}
