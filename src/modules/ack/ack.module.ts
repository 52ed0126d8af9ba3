import { AcknowledgementModule } from '../incidents/acknowledgement.module';
import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AckLinkController } from './ack-link.controller';

/** The pages behind the Acknowledge links of emails. */
@Module({ imports: [AlertsModule, AcknowledgementModule], controllers: [AckLinkController] })
export class AckApiModule {}
