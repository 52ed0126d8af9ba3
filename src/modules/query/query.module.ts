import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MetricsModule } from '../metrics/metrics.module';
import { LabelNamesRepository } from './label-names.repository';
import { QueryController } from './query.controller';
import { QueryService } from './query.service';

/** Prometheus's HTTP query API over the built-in store (mounted in roles that serve HTTP). */
@Module({
  imports: [MetricsModule, AuthModule],
  controllers: [QueryController],
  providers: [QueryService, LabelNamesRepository],
})
export class QueryApiModule {}
