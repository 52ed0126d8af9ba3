import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AcknowledgementModule } from '../incidents/acknowledgement.module';
import { ReceiverHealthModule } from '../notifications/notifications.module';
import { RulesModule } from '../rules/rules.module';
import { SilencesModule } from '../silences/silences.module';
import { SloModule } from '../slo/slo.module';
import { AlertHistoryPagesController } from './alert-history-pages.controller';
import { AlertHistoryRepository } from './alert-history.repository';
import { IncidentPageRepository } from './incident-page.repository';
import { IncidentPagesController } from './incident-pages.controller';
import { OverviewPageController } from './overview-page.controller';
import { OverviewRepository } from './overview.repository';
import { OverviewService } from './overview.service';
import { PageAuthModule } from './page-auth.module';
import { SilencePagesController } from './silence-pages.controller';
import { SloPagesController } from './slo-pages.controller';

/** The server-rendered pages other than the reports: the overview, incidents (and the alert links that lead to
 * them), silences, the alert history, the SLOs. */
@Module({
  imports: [
    PageAuthModule,
    AcknowledgementModule,
    SilencesModule,
    AlertsModule,
    RulesModule,
    ReceiverHealthModule,
    SloModule,
  ],
  controllers: [
    OverviewPageController,
    IncidentPagesController,
    SilencePagesController,
    AlertHistoryPagesController,
    SloPagesController,
  ],
  providers: [IncidentPageRepository, AlertHistoryRepository, OverviewRepository, OverviewService],
})
export class PagesApiModule {}
