import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { DigestModule } from '../reports/reports.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { RetentionService } from './retention.service';
import { RollupService } from './rollup.service';

@Module({
  imports: [MetricsModule, NotificationsModule, DigestModule],
  providers: [MaintenanceProcessor, RollupService, RetentionService],
})
export class MaintenanceWorkerModule {}
