import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { RulesModule } from '../rules/rules.module';
import { SloModule } from '../slo/slo.module';
import { PageAuthModule } from '../pages/page-auth.module';
import { ReportRepository } from './report.repository';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { DigestScheduler } from './digest.scheduler';
import { DigestService } from './digest.service';

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

/** The weekly digest: written into the notification outbox once per week (workers and `forewarn report --send`). */
@Module({
  imports: [ReportsModule, NotificationsModule],
  providers: [DigestService],
  exports: [DigestService],
})
export class DigestModule {}

/** Scheduler role: enqueues the digest on DIGEST_CRON. */
@Module({ providers: [DigestScheduler] })
export class DigestSchedulerModule {}
