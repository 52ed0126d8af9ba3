import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { MetricReader } from './metric-reader';
import { MetricReaders } from './metric-readers';
import { PostgresMetricReader } from './postgres-metric-reader';
import { RangeSummaryLoader } from './range-summary.loader';
import { SamplePartitionRepository } from './sample-partition.repository';
import { SampleRollupRepository } from './sample-rollup.repository';
import { SampleRepository } from './sample.repository';
import { SampleStore } from './sample-store.service';
import { SeriesRepository } from './series.repository';

/** Storage and reading of metrics; the ingest controller is mounted only in roles that serve HTTP. */
@Module({
  imports: [AuthModule],
  providers: [
    SampleStore,
    SeriesRepository,
    SampleRepository,
    RangeSummaryLoader,
    SampleRollupRepository,
    SamplePartitionRepository,
    IngestService,
    PostgresMetricReader,
    MetricReaders,
    {
      provide: MetricReader,
      useFactory: (readers: MetricReaders) => readers.byDefault(),
      inject: [MetricReaders],
    },
  ],
  exports: [
    MetricReader,
    MetricReaders,
    PostgresMetricReader,
    SampleRepository,
    SampleStore,
    IngestService,
    SampleRollupRepository,
    SamplePartitionRepository,
  ],
})
export class MetricsModule {}

@Module({ imports: [MetricsModule, AuthModule], controllers: [IngestController] })
export class MetricsApiModule {}
