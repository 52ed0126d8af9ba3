import { IncidentStoreModule } from '../incidents/incident-store.module';
import { AcknowledgementModule } from '../incidents/acknowledgement.module';
import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { SilencesModule } from '../silences/silences.module';
import { SlackInteractionsController } from './slack-interactions.controller';

/** Slack's side of the API: button presses (`POST /slack/interactions`). */
@Module({
  imports: [AlertsModule, SilencesModule, IncidentStoreModule, AcknowledgementModule],
  controllers: [SlackInteractionsController],
})
export class SlackApiModule {}
