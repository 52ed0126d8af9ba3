import { Controller, Get, Header, Param, Res, UseFilters, UseGuards } from '@nestjs/common';
import { Response } from 'express';
import { NotFoundError } from 'src/core/errors';
import { incidentPage } from 'src/core/pages/incident-page';
import { Clock } from 'src/infra/clock';
import { isUuid } from 'src/infra/http/is-uuid';
import { IncidentPageRepository } from './incident-page.repository';
import { PageAuthGuard, PageScope } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';

/**
 * `GET /incidents/:id`: an incident's page; `GET /alerts/:id` (the link in alert notifications) goes to the newest
 * incident the alert is part of.
 */
@Controller()
@UseGuards(PageAuthGuard)
@UseFilters(PageErrorFilter)
export class IncidentPagesController {
  constructor(
    private readonly incidents: IncidentPageRepository,
    private readonly clock: Clock,
  ) {}

  @Get('incidents/:id')
  @PageScope('read')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async incident(@Param('id') id: string): Promise<string> {
    const nowMs = this.clock.nowMs();
    const incident = isUuid(id) ? await this.incidents.find(id, nowMs) : undefined;
    if (incident === undefined) {
      throw new NotFoundError(`no incident with id "${id}"`);
    }
    return incidentPage(incident, nowMs);
  }

  @Get('alerts/:id')
  @PageScope('read')
  async alert(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const incidentId = isUuid(id) ? await this.incidents.incidentOfAlert(id) : undefined;
    if (incidentId === undefined) {
      throw new NotFoundError(`no incident holds the alert "${id}"`);
    }
    response.redirect(303, `/incidents/${incidentId}`);
  }
}
