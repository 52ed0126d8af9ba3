import { Module } from '@nestjs/common';
import { IncidentStoreModule } from '../incidents/incident-store.module';
import { RoutingModule } from '../routing/routing.module';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryService } from './delivery.service';
import { NotificationChannels } from './notification-channels';
import { OutboxRepository } from './outbox.repository';
import { ReceiverHealthRepository } from './receiver-health.repository';
import { ReceiverHealthService } from './receiver-health.service';
import { ReceiversController } from './receivers.controller';
import { AuthModule } from '../auth/auth.module';

@Module({
  imports: [IncidentStoreModule, RoutingModule],
  providers: [OutboxRepository, NotificationChannels, DeliveryService],
  exports: [OutboxRepository, NotificationChannels, DeliveryService],
})
export class NotificationsModule {}

/** Worker role: delivers outbox entries. */
@Module({ imports: [NotificationsModule], providers: [DeliveryProcessor] })
export class NotificationsWorkerModule {}

/** Receivers and their delivery health (the receivers API and the overview page). */
@Module({
  imports: [RoutingModule],
  providers: [ReceiverHealthRepository, ReceiverHealthService],
  exports: [ReceiverHealthService],
})
export class ReceiverHealthModule {}

/** API role: receivers and their delivery health. */
@Module({ imports: [ReceiverHealthModule, AuthModule], controllers: [ReceiversController] })
export class ReceiversApiModule {}
