import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AcknowledgementModule } from '../incidents/acknowledgement.module';
import { SilencesModule } from '../silences/silences.module';
import { AlertHistoryPagesController } from './alert-history-pages.controller';
import { AlertHistoryRepository } from './alert-history.repository';
import { IncidentPageRepository } from './incident-page.repository';
import { IncidentPagesController } from './incident-pages.controller';
import { PageAuthModule } from './page-auth.module';
import { SilencePagesController } from './silence-pages.controller';

/** The server-rendered pages other than the reports: incidents (and the alert links that lead to them), silences,
 * the alert history. */
@Module({
  imports: [PageAuthModule, AcknowledgementModule, SilencesModule, AlertsModule],
  controllers: [IncidentPagesController, SilencePagesController, AlertHistoryPagesController],
  providers: [IncidentPageRepository, AlertHistoryRepository],
})
export class PagesApiModule {}
