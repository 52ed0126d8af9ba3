import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RoutingModule } from '../routing/routing.module';
import { RulesModule } from '../rules/rules.module';
import { SloDataReader } from './slo-data.reader';
import { SloStatusRepository } from './slo-status.repository';
import { SlosController } from './slos.controller';

/** SLO data reading and status storage, for the evaluation worker. */
@Module({
  imports: [MetricsModule, RoutingModule],
  providers: [SloDataReader, SloStatusRepository],
  exports: [SloDataReader, SloStatusRepository],
})
export class SloModule {}

/** The SLO status API, in roles that serve HTTP. */
@Module({ imports: [SloModule, AuthModule, RulesModule], controllers: [SlosController] })
export class SloApiModule {}
