import { Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { Request } from 'express';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { readBody } from 'src/infra/http/read-body';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';
import { ApiTokenGuard, RequireScope } from '../auth/api-token.guard';
import { assertOtlpJson, decodeBody, writeFormatOf } from './ingest-content-type';
import { IngestFormat, IngestReport, IngestService } from './ingest.service';

const BODY_LIMIT = 'INGEST_MAX_BODY_BYTES';

/**
 * `POST /api/v1/write` (Prometheus text, JSON batch, remote write 1.0) and `POST /v1/metrics` (OTLP/HTTP JSON).
 * Both answer 200 only after every sample is committed; a 4xx means nothing was stored and resending will not help.
 */
@Controller()
@UseGuards(ApiTokenGuard)
export class IngestController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ingest: IngestService,
    private readonly telemetry: TelemetryService,
  ) {}

  @Post('api/v1/write')
  @HttpCode(200)
  @RequireScope('ingest')
  async write(@Req() request: Request): Promise<IngestReport> {
    const format = writeFormatOf(request.headers['content-type'], request.headers['content-encoding']);
    const body = await readBody(request, this.config.INGEST_MAX_BODY_BYTES, BODY_LIMIT);
    return this.store(format, body);
  }

  /** OTLP/HTTP: the reply is an `ExportMetricsServiceResponse` (empty: everything was accepted). */
  @Post('v1/metrics')
  @HttpCode(200)
  @RequireScope('ingest')
  async otlpMetrics(@Req() request: Request): Promise<Record<string, never>> {
    assertOtlpJson(request.headers['content-type']);
    const raw = await readBody(request, this.config.INGEST_MAX_BODY_BYTES, BODY_LIMIT);
    const body = decodeBody(
      raw,
      request.headers['content-encoding'],
      this.config.INGEST_MAX_BODY_BYTES,
      BODY_LIMIT,
    );
    await this.store('otlp-json', body);
    return {};
  }

  private async store(format: IngestFormat, body: Buffer): Promise<IngestReport> {
    const report = await this.ingest.ingest(format, body);
    this.telemetry.ingestedSamples.inc(report.samples);
    return report;
  }
}
