import { Controller, Get, Header, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { Request, Response } from 'express';
import { NotFoundError } from 'src/core/errors';
import { incidentPage } from 'src/core/pages/incident-page';
import { Clock } from 'src/infra/clock';
import { isUuid } from 'src/infra/http/is-uuid';
import { IncidentPageRepository } from './incident-page.repository';
import { AcknowledgementService } from '../incidents/acknowledgement.service';
import { RequireScope, tokenNameOf } from '../auth/api-token.guard';
import { PageAuthGuard } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';

/**
 * `GET /incidents/:id`: an incident's page, `POST /incidents/:id/ack` its Acknowledge button; `GET /alerts/:id` (the link in alert notifications) goes to the newest
 * incident the alert is part of.
 */
@Controller()
@UseGuards(PageAuthGuard)
@UseFilters(PageErrorFilter)
export class IncidentPagesController {
  constructor(
    private readonly incidents: IncidentPageRepository,
    private readonly acknowledgements: AcknowledgementService,
    private readonly clock: Clock,
  ) {}

  /** The page's Acknowledge button: acknowledges in the name of the signed-in token (source `page`). */
  @Post('incidents/:id/ack')
  @RequireScope('admin')
  async acknowledge(
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const done = isUuid(id)
      ? await this.acknowledgements.acknowledgeIncident(id, {
          by: tokenNameOf(request) ?? 'page',
          source: 'page',
          atMs: this.clock.nowMs(),
        })
      : undefined;
    if (done === undefined) {
      throw new NotFoundError(`no incident with id "${id}"`);
    }
    response.redirect(303, `/incidents/${id}`);
  }

  @Get('incidents/:id')
  @RequireScope('read')
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
  @RequireScope('read')
  async alert(@Param('id') id: string, @Res() response: Response): Promise<void> {
    const incidentId = isUuid(id) ? await this.incidents.incidentOfAlert(id) : undefined;
    if (incidentId === undefined) {
      throw new NotFoundError(`no incident holds the alert "${id}"`);
    }
    response.redirect(303, `/incidents/${incidentId}`);
  }
}
