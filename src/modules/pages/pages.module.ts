import { Module } from '@nestjs/common';
import { AcknowledgementModule } from '../incidents/acknowledgement.module';
import { IncidentPageRepository } from './incident-page.repository';
import { IncidentPagesController } from './incident-pages.controller';
import { PageAuthModule } from './page-auth.module';

/** The server-rendered pages other than the reports: incidents (and the alert links that lead to them). */
@Module({
  imports: [PageAuthModule, AcknowledgementModule],
  controllers: [IncidentPagesController],
  providers: [IncidentPageRepository],
})
export class PagesApiModule {}
