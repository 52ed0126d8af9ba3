import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { MaintenanceProcessor } from './maintenance.processor';

@Module({ imports: [MetricsModule, NotificationsModule], providers: [MaintenanceProcessor] })
export class MaintenanceWorkerModule {}
