import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { RetentionService } from './retention.service';
import { RollupService } from './rollup.service';

@Module({
  imports: [MetricsModule, NotificationsModule],
  providers: [MaintenanceProcessor, RollupService, RetentionService],
})
export class MaintenanceWorkerModule {}
