import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { MetricReader } from './metric-reader';
import { PostgresMetricReader } from './postgres-metric-reader';
import { SampleRepository } from './sample.repository';
import { SeriesRepository } from './series.repository';

/** Storage and reading of metrics; the ingest controller is mounted only in roles that serve HTTP. */
@Module({
  imports: [AuthModule],
  providers: [
    SeriesRepository,
    SampleRepository,
    IngestService,
    { provide: MetricReader, useClass: PostgresMetricReader },
  ],
  exports: [MetricReader, SampleRepository, IngestService],
})
export class MetricsModule {}

@Module({ imports: [MetricsModule, AuthModule], controllers: [IngestController] })
export class MetricsApiModule {}
