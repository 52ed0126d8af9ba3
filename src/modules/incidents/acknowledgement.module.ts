import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AcknowledgementService } from './acknowledgement.service';
import { IncidentStoreModule } from './incident-store.module';

/** Acknowledgement of incidents and their alerts, from the API, Slack and email links. */
@Module({
  imports: [IncidentStoreModule, AlertsModule],
  providers: [AcknowledgementService],
  exports: [AcknowledgementService],
})
export class AcknowledgementModule {}
