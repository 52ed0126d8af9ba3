import { Module } from '@nestjs/common';
import { IncidentPageRepository } from './incident-page.repository';
import { IncidentPagesController } from './incident-pages.controller';
import { PageAuthModule } from './page-auth.module';

/** The server-rendered pages other than the reports: incidents (and the alert links that lead to them). */
@Module({
  imports: [PageAuthModule],
  controllers: [IncidentPagesController],
  providers: [IncidentPageRepository],
})
export class PagesApiModule {}
