import { Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { SloModule } from '../slo/slo.module';
import { PageAuthModule } from '../pages/page-auth.module';
import { ReportRepository } from './report.repository';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Reliability reports: the service (also used by `forewarn report` and the digest). */
@Module({
  imports: [RulesModule, SloModule],
  providers: [ReportRepository, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}

/** `/reports` in roles that serve HTTP. */
@Module({ imports: [ReportsModule, PageAuthModule], controllers: [ReportsController] })
export class ReportsApiModule {}
