import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RoutingModule } from '../routing/routing.module';
import { SilencesModule } from '../silences/silences.module';
import { AcknowledgementModule } from './acknowledgement.module';
import { DispatchService } from './dispatch.service';
import { IncidentFlushPoller } from './incident-flush.poller';
import { IncidentFlushRepository } from './incident-flush.repository';
import { IncidentFlushService } from './incident-flush.service';
import { IncidentStoreModule } from './incident-store.module';
import { IncidentsController } from './incidents.controller';

/** Route, group and flush: what turns alert transitions into incident notifications. */
@Module({
  imports: [IncidentStoreModule, RoutingModule, AlertsModule, SilencesModule, NotificationsModule],
  providers: [DispatchService, IncidentFlushRepository, IncidentFlushService],
  exports: [DispatchService, IncidentFlushService, IncidentStoreModule],
})
export class IncidentsModule {}

/** Worker role: flushes due incidents. */
@Module({ imports: [IncidentsModule], providers: [IncidentFlushPoller] })
export class IncidentsWorkerModule {}

@Module({
  imports: [IncidentStoreModule, AcknowledgementModule, AuthModule],
  controllers: [IncidentsController],
})
export class IncidentsApiModule {}
