import { Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { Request } from 'express';
import { AppConfig } from 'src/config/app-config';
import { InvalidInputError } from 'src/core/errors';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { readBody } from 'src/infra/http/read-body';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';
import { ApiTokenGuard, RequireScope } from '../auth/api-token.guard';
import { IngestFormat, IngestReport, IngestService } from './ingest.service';

/** `POST /api/v1/write`: dispatches on Content-Type; answers 200 only after the samples are committed. */
@Controller('api/v1')
@UseGuards(ApiTokenGuard)
export class IngestController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ingest: IngestService,
    private readonly telemetry: TelemetryService,
  ) {}

  @Post('write')
  @HttpCode(200)
  @RequireScope('ingest')
  async write(@Req() request: Request): Promise<IngestReport> {
    const format = formatOf(request.headers['content-type']);
    const body = await readBody(request, this.config.INGEST_MAX_BODY_BYTES, 'INGEST_MAX_BODY_BYTES');
    const report = await this.ingest.ingest(format, body);
    this.telemetry.ingestedSamples.inc(report.samples);
    return report;
  }
}

function formatOf(contentType: string | undefined): IngestFormat {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/plain' || type === '') {
    return 'prometheus-text';
  }
  if (type === 'application/json') {
    return 'json';
  }
  throw new InvalidInputError(
    `unsupported Content-Type "${type}": send text/plain (Prometheus exposition format) or application/json`,
    [{ where: 'Content-Type', message: `unsupported: ${type}` }],
  );
}
